package dev.recipe.data.raw;

import dev.recipe.core.RecipeException;
import dev.recipe.core.io.Hashing;
import dev.recipe.core.record.FileRef;
import dev.recipe.core.spec.DataSpec.ImageFolderSpec;
import dev.recipe.core.spec.DataSpec;
import dev.recipe.data.ImageDecodeException;
import dev.recipe.data.ImageDecoding;
import dev.recipe.data.RasterImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * An ImageFolder tree in the ImageNet layout:
 * <pre>
 * root/train/&lt;class id&gt;/*.JPEG        one folder per class; class index = sorted folder order
 * root/val/&lt;class id&gt;/*.JPEG          validation in class folders, or
 * root/val/*.JPEG + valLabels          flat, with a CSV of file name (or image id) and class id
 * classNamesFile                       optional "&lt;class id&gt; &lt;words&gt;" lines (LOC_synset_mapping.txt)
 * </pre>
 * The CSV may be plain {@code file,classId} or Kaggle's {@code LOC_val_solution.csv}
 * ({@code ImageId,PredictionString} where the first token of PredictionString is the wnid); a header
 * line is recognized by its second column not being a class id. Files are listed in sorted order;
 * every regular file is an item (non-images are quarantined later, when they fail to decode).
 * Relative paths are resolved against the working directory.
 */
public final class ImageFolderReader {
  static final String SAMPLE_ID = "the image's path relative to data.imageFolder.root, with /"
      + " separators, e.g. train/n01440764/n01440764_10026.JPEG; source order is class folders"
      + " in sorted order, files sorted by name within each";

  private ImageFolderReader() {}

  /** Reads the layout (file lists and labels; images are decoded later, when loaded). */
  public static RawDataset read(DataSpec spec) {
    ImageFolderSpec f = spec.imageFolder();
    Path root = Path.of(f.root()).toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw RecipeException.badInput("data.imageFolder.root: " + root + " is not a directory");
    }
    Path trainDir = inside(root, f.train());
    if (!Files.isDirectory(trainDir)) {
      throw RecipeException.badInput("data.imageFolder.train: " + trainDir + " is not a directory");
    }
    List<String> classIds = list(trainDir).stream().filter(Files::isDirectory)
        .map(p -> p.getFileName().toString()).sorted().toList();
    if (classIds.isEmpty()) {
      throw RecipeException.badInput(trainDir + ": no class folders");
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < classIds.size(); i++) {
      index.put(classIds.get(i), i);
    }
    Map<String, String[]> readLog = new ConcurrentHashMap<>();
    Map<String, List<RawItem>> splits = new LinkedHashMap<>();
    List<RawItem> train = new ArrayList<>();
    for (String id : classIds) {
      for (Path file : files(trainDir.resolve(id))) {
        train.add(item(root, file, index.get(id), readLog));
      }
    }
    splits.put("train", train);
    List<String> unlabeled = new ArrayList<>();
    Path valDir = inside(root, f.val());
    if (Files.isDirectory(valDir)) {
      List<RawItem> val = readVal(root, valDir, f, index, readLog, unlabeled);
      splits.put(f.valAsTest() ? "test" : "val", val);
    }
    List<String> names = classNames(spec, root, classIds);
    RawSource source = new RawSource(null, root.toString(), unlabeled.isEmpty() ? null : List.copyOf(unlabeled));
    return new RawDataset(classIds, names, splits, () -> inputs(root, readLog), source, SAMPLE_ID);
  }

  private static List<RawItem> readVal(Path root, Path valDir, ImageFolderSpec f,
      Map<String, Integer> index, Map<String, String[]> readLog, List<String> unlabeled) {
    List<RawItem> out = new ArrayList<>();
    List<Path> entries = list(valDir);
    boolean classFolders = entries.stream().anyMatch(Files::isDirectory);
    if (classFolders) {
      for (Path dir : entries.stream().filter(Files::isDirectory).sorted().toList()) {
        String id = dir.getFileName().toString();
        Integer label = index.get(id);
        if (label == null) {
          throw RecipeException.badInput(dir + ": validation class '" + id
              + "' has no training folder in " + root.resolve(f.train()));
        }
        for (Path file : files(dir)) {
          out.add(item(root, file, label, readLog));
        }
      }
      return out;
    }
    if (f.valLabels() == null) {
      throw RecipeException.badInput(valDir + " is flat (no class folders): "
          + "data.imageFolder.valLabels must name the CSV of file name and class id");
    }
    Map<String, String> labels = readValLabels(inside(root, f.valLabels()),
        index);
    for (Path file : files(valDir)) {
      String name = file.getFileName().toString();
      String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
      String id = labels.getOrDefault(name, labels.get(stem));
      if (id == null) {
        unlabeled.add(root.relativize(file).toString());
        continue;
      }
      out.add(item(root, file, index.get(id), readLog));
    }
    return out;
  }

  /** File name or image id -> class id, from a two-column CSV or Kaggle's LOC_val_solution.csv. */
  static Map<String, String> readValLabels(Path csv, Map<String, Integer> index) {
    List<String> lines = lines(csv);
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] cols = line.split("[,\t]", 2);
      String key = cols[0].strip();
      String id = cols.length < 2 ? "" : cols[1].strip().split("[\\s,]+")[0];
      if (!index.containsKey(id)) {
        if (i == 0) {
          continue; // a header such as "ImageId,PredictionString"
        }
        throw RecipeException.badInput(csv + ":" + (i + 1) + ": class id '" + id
            + "' is not one of the training class folders");
      }
      if (out.put(key, id) != null) {
        throw RecipeException.badInput(csv + ":" + (i + 1) + ": '" + key + "' is listed twice");
      }
    }
    return out;
  }

  private static List<String> classNames(DataSpec spec, Path root, List<String> ids) {
    if (spec.classNames() != null) {
      if (spec.classNames().size() != ids.size()) {
        throw RecipeException.badInput("data.classNames has " + spec.classNames().size()
            + " names but there are " + ids.size() + " class folders");
      }
      return spec.classNames();
    }
    String file = spec.imageFolder().classNamesFile();
    if (file == null) {
      return ids;
    }
    Path p = inside(root, file);
    Map<String, String> words = new HashMap<>();
    List<String> lines = lines(p);
    for (String line : lines) {
      String[] parts = line.strip().split("\\s+", 2);
      if (parts.length == 2) {
        words.put(parts[0], parts[1].strip());
      }
    }
    return ids.stream().map(id -> words.getOrDefault(id, id)).toList();
  }

  private static RawItem item(Path root, Path file, int label, Map<String, String[]> readLog) {
    String rel = root.relativize(file).toString().replace('\\', '/');
    return new RawItem(rel, label, new RawItem.Loader() {
      @Override
      public RasterImage load() {
        return loadSource().image();
      }

      @Override
      public RawItem.Source loadSource() {
        byte[] bytes = read();
        return new RawItem.Source(ImageDecoding.decode(bytes, rel), bytes);
      }

      @Override
      public void skip() {
        read();
      }

      private byte[] read() {
        byte[] bytes;
        try {
          bytes = Files.readAllBytes(file);
        } catch (IOException e) {
          throw new ImageDecodeException(rel, "cannot read: " + e.getMessage(), e);
        }
        readLog.put(rel, new String[] {Hashing.sha256(bytes), Long.toString(bytes.length)});
        return bytes;
      }
    });
  }

  /** The root as one input: total size and fingerprint of the files actually read. */
  private static List<FileRef> inputs(Path root, Map<String, String[]> readLog) {
    Map<String, String> hashes = new TreeMap<>();
    long size = 0;
    for (Map.Entry<String, String[]> e : readLog.entrySet()) {
      hashes.put(e.getKey(), e.getValue()[0]);
      size += Long.parseLong(e.getValue()[1]);
    }
    return List.of(new FileRef(root.toString(), "directory", size, Hashing.fingerprint(hashes),
        "local:" + root));
  }

  /** A path from the spec, relative to the root unless absolute. */
  private static Path inside(Path root, String rel) {
    return root.resolve(rel).normalize();
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static List<Path> files(Path dir) {
    return list(dir).stream().filter(Files::isRegularFile)
        .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw RecipeException.badInput("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
