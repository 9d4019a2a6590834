package dev.recipe.core.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Raw data, where to fetch it, and how to process it into the run's dataset. Owned by data-prep.
 *
 * @param dataset short dataset name (e.g. fashion-mnist, imagenet)
 * @param description what the data is, for the recipe's Raw data section
 * @param format raw layout: {@code idx} (MNIST family) or {@code image-folder} (ImageNet layout)
 * @param files the raw files with their expected SHA-256 (of the decompressed bytes); format idx
 * @param sources where raw files may come from, tried in order per file; format idx
 * @param imageFolder layout details for {@code image-folder}
 * @param classNames human-readable class names by class index (optional; image-folder can read a file)
 * @param split how train/val are carved out of the training set
 * @param classes class filtering and remapping
 * @param balance class balancing of the train split
 * @param image channel conversion and resizing applied when preparing
 * @param shardSize samples per shard
 */
public record DataSpec(
    String dataset,
    String description,
    String license,
    String homepage,
    Format format,
    List<RawFile> files,
    List<Source> sources,
    ImageFolderSpec imageFolder,
    List<String> classNames,
    SplitSpec split,
    ClassesSpec classes,
    Balance balance,
    ImageSpec image,
    Integer shardSize) {

  /** Raw layouts. */
  public enum Format {
    @JsonProperty("idx") IDX,
    @JsonProperty("image-folder") IMAGE_FOLDER
  }

  /** Class balancing of the train split. */
  public enum Balance {
    @JsonProperty("none") NONE,
    @JsonProperty("undersample") UNDERSAMPLE,
    @JsonProperty("oversample") OVERSAMPLE
  }

  public DataSpec {
    Check.require(dataset != null && !dataset.isBlank(), "dataset is required");
    description = description == null ? "" : description;
    Check.require(format != null, "format is required (idx or image-folder)");
    files = files == null ? List.of() : List.copyOf(files);
    sources = sources == null ? List.of() : List.copyOf(sources);
    if (format == Format.IDX) {
      Check.require(!files.isEmpty(), "files is required for format idx");
      Check.require(!sources.isEmpty(), "sources is required for format idx");
    } else {
      Check.require(imageFolder != null, "imageFolder is required for format image-folder");
    }
    classNames = classNames == null ? null : List.copyOf(classNames);
    split = split == null ? SplitSpec.defaults() : split;
    classes = classes == null ? ClassesSpec.defaults() : classes;
    balance = balance == null ? Balance.NONE : balance;
    image = image == null ? ImageSpec.defaults() : image;
    shardSize = shardSize == null ? 10_000 : shardSize;
    Check.positive(shardSize, "shardSize");
  }

  /**
   * A raw file.
   *
   * @param role what it holds: train-images, train-labels, test-images, test-labels (idx)
   * @param name file name, without a compression suffix
   * @param sha256 expected SHA-256 of the decompressed bytes
   * @param size expected decompressed size in bytes (optional)
   */
  public record RawFile(String role, String name, String sha256, Long size) {
    public RawFile {
      Check.require(role != null, "role is required");
      Check.require(name != null && !name.contains("/") && !name.contains("\\"),
          "name is required and must be a plain file name");
      Check.require(sha256 == null || sha256.matches("[0-9a-f]{64}"),
          "sha256 must be 64 lower-case hex digits");
    }
  }

  /**
   * A place raw files may come from.
   *
   * @param type {@code local} (a folder), {@code url} (a base URL), {@code debian} (a package)
   * @param path folder for local; folder inside the package for debian
   * @param url base URL for url; the file name (plus {@code .gz} if needed) is appended
   * @param debianPackage package name for debian
   */
  public record Source(
      SourceType type, String path, String url, @JsonProperty("package") String debianPackage) {
    public Source {
      Check.require(type != null, "type is required (local, url or debian)");
      switch (type) {
        case LOCAL -> Check.require(path != null, "path is required for a local source");
        case URL -> Check.require(url != null && url.matches("(?i)https?://.+"),
            "url must be an http(s) URL");
        case DEBIAN -> {
          Check.require(debianPackage != null && path != null,
              "package and path are required for a debian source");
          // Debian policy's package names; anything else never reaches a command line
          Check.require(debianPackage.matches("[a-z0-9][a-z0-9+.-]+"), "package '" + debianPackage
              + "' is not a Debian package name (lowercase letters, digits, '+', '-', '.')");
        }
        default -> throw new IllegalStateException();
      }
    }
  }

  /** Kinds of raw-data sources. */
  public enum SourceType {
    @JsonProperty("local") LOCAL,
    @JsonProperty("url") URL,
    @JsonProperty("debian") DEBIAN
  }

  /**
   * ImageNet-style folders.
   *
   * @param root the dataset root
   * @param train train folder, relative to root, with one sub-folder per class id
   * @param val validation folder relative to root: class folders, or flat with {@code valLabels}
   * @param valLabels CSV of file name (or image id) and class id, for a flat val folder
   * @param classNamesFile optional file mapping class id to words (e.g. wnid to words)
   * @param valAsTest use the official val set as test (ImageNet's usual protocol); default true
   */
  public record ImageFolderSpec(
      String root, String train, String val, String valLabels, String classNamesFile,
      Boolean valAsTest) {
    public ImageFolderSpec {
      Check.require(root != null, "root is required");
      train = train == null ? "train" : train;
      val = val == null ? "val" : val;
      valAsTest = valAsTest == null ? Boolean.TRUE : valAsTest;
    }
  }

  /**
   * The train/val split carved out of the training set (stratified, seeded).
   *
   * @param valFraction fraction of each class held out for validation
   * @param seed split seed; defaults to the spec's seed
   * @param limitPerClass optional cap per class and split, for quick subsets
   */
  public record SplitSpec(Double valFraction, Long seed, Integer limitPerClass) {
    public SplitSpec {
      valFraction = valFraction == null ? 0.1 : valFraction;
      Check.fraction(valFraction, "valFraction");
      if (limitPerClass != null) {
        Check.positive(limitPerClass, "limitPerClass");
      }
    }

    static SplitSpec defaults() {
      return new SplitSpec(null, null, null);
    }
  }

  /**
   * Class filtering and remapping.
   *
   * @param keep original class names (or ids) to keep; empty keeps all
   * @param remap original class name to new class name; several may map to one
   */
  public record ClassesSpec(List<String> keep, Map<String, String> remap) {
    public ClassesSpec {
      keep = keep == null ? List.of() : List.copyOf(keep);
      remap = remap == null ? Map.of() : Map.copyOf(remap);
    }

    static ClassesSpec defaults() {
      return new ClassesSpec(null, null);
    }
  }

  /**
   * Image conversion when preparing.
   *
   * @param channels 1 (gray) or 3 (RGB); default: 1 for idx, 3 for image-folder (as torchvision's
   *     ImageFolder loader converts to RGB)
   * @param size resize so the image is size x size (optional); with {@code resizeShorter}, center-crop
   *     to size x size after the shorter-side resize instead
   * @param resizeShorter for large images: resize the shorter side to this before storing (optional)
   * @param maxSide image-folder data: an image whose longer side exceeds this is downscaled to it
   *     (aspect kept, bilinear) and stored as a JPEG of {@code jpegQuality}; smaller JPEG and PNG
   *     sources are stored as their original bytes (optional)
   * @param jpegQuality the quality of those JPEGs, 1-100 (default 90)
   */
  public record ImageSpec(Integer channels, Integer size, Integer resizeShorter, Integer maxSide,
      Integer jpegQuality) {
    public ImageSpec {
      Check.require(channels == null || channels == 1 || channels == 3, "channels must be 1 or 3");
      if (maxSide != null) {
        Check.positive(maxSide, "maxSide");
        Check.require(size == null && resizeShorter == null,
            "maxSide stores downscaled JPEGs; it does not combine with size or resizeShorter");
      }
      jpegQuality = jpegQuality == null ? 90 : jpegQuality;
      Check.require(jpegQuality >= 1 && jpegQuality <= 100, "jpegQuality must be in 1..100, got " + jpegQuality);
      if (size != null) {
        Check.positive(size, "size");
      }
      if (resizeShorter != null) {
        Check.positive(resizeShorter, "resizeShorter");
      }
    }

    static ImageSpec defaults() {
      return new ImageSpec(null, null, null, null, null);
    }
  }
}
