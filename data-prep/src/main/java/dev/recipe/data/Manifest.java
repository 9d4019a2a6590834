package dev.recipe.data;

import dev.recipe.core.RecipeException;
import dev.recipe.core.io.Hashing;
import dev.recipe.core.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code data/manifest.json}: what a processed dataset holds. Written by the prepare stage, read by
 * every later stage through {@link ProcessedDataset}.
 *
 * @param dataset dataset name from the spec
 * @param classNames human-readable class names; index = label
 * @param classIds the source's class ids in label order (IDX label, ImageNet wnid), after remapping
 *     the ids that were merged into each class, joined with '+'
 * @param channels 1 or 3
 * @param height image height when every image has it, else null
 * @param width image width when every image has it, else null
 * @param splits per split (train, val, test): counts and shards
 * @param statistics per-channel mean and std of the train split, in [0,1] pixel scale
 * @param fingerprint {@link #computeFingerprint()}: shard hashes plus the rest of this manifest
 */
public record Manifest(
    int formatVersion,
    String dataset,
    List<String> classNames,
    List<String> classIds,
    int channels,
    Integer height,
    Integer width,
    Map<String, SplitInfo> splits,
    Statistics statistics,
    String fingerprint) {

  /** Version of the shard layout described in the class comment of {@link ProcessedDataset}. */
  public static final int FORMAT_VERSION = 1;
  /** The manifest's file name inside the data directory. */
  public static final String FILE_NAME = "manifest.json";

  public Manifest {
    classNames = List.copyOf(classNames);
    classIds = classIds == null ? null : List.copyOf(classIds);
    splits = new TreeMap<>(splits);
  }

  /**
   * One split.
   *
   * @param count number of samples
   * @param perClass samples per class, index = label
   * @param shards the split's shards in order
   */
  public record SplitInfo(int count, List<Integer> perClass, List<ShardInfo> shards) {
    public SplitInfo {
      perClass = List.copyOf(perClass);
      shards = List.copyOf(shards);
    }
  }

  /**
   * One shard file.
   *
   * @param name file name inside the data directory
   * @param sha256 SHA-256 of the file
   * @param count samples in it
   */
  public record ShardInfo(String name, String sha256, int count) {}

  /**
   * Per-channel statistics of the train split (population std, pixels scaled to [0,1]).
   *
   * @param mean per-channel mean
   * @param std per-channel standard deviation
   * @param pixels pixels per channel they were computed over
   */
  public record Statistics(double[] mean, double[] std, long pixels) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Statistics s && Arrays.equals(mean, s.mean) && Arrays.equals(std, s.std)
          && pixels == s.pixels;
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std) + Long.hashCode(pixels);
    }

    @Override
    public String toString() {
      return "Statistics[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
  }

  /** Number of classes. */
  public int numClasses() {
    return classNames.size();
  }

  /** The split, or a bad-input error naming the ones that exist. */
  public SplitInfo split(String name) {
    SplitInfo s = splits.get(name);
    if (s == null) {
      throw RecipeException.badInput("the processed dataset has no split '" + name + "' (it has "
          + splits.keySet() + ")");
    }
    return s;
  }

  /** A copy with another fingerprint. */
  public Manifest withFingerprint(String newFingerprint) {
    return new Manifest(formatVersion, dataset, classNames, classIds, channels, height, width,
        splits, statistics, newFingerprint);
  }

  /**
   * The dataset fingerprint: {@link Hashing#fingerprint(Map)} over every shard's SHA-256 and the
   * SHA-256 of this manifest's JSON without its fingerprint (so class names, counts and statistics
   * count too, but file locations and timestamps do not).
   */
  public String computeFingerprint() {
    Map<String, String> hashes = new TreeMap<>();
    splits.values().forEach(s -> s.shards().forEach(sh -> hashes.put("shard/" + sh.name(), sh.sha256())));
    hashes.put(FILE_NAME, Hashing.sha256(Json.toJson(withFingerprint(null))));
    return Hashing.fingerprint(hashes);
  }

  /** Reads {@code dataDir/manifest.json}; a missing or malformed file is bad input naming it. */
  public static Manifest read(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      throw RecipeException.badInput("no processed dataset at " + dataDir + " (missing " + FILE_NAME
          + "; run `recipe prepare` first)");
    }
    try {
      return Json.read(file, Manifest.class);
    } catch (RuntimeException e) {
      throw RecipeException.badInput("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code dataDir/manifest.json} atomically. */
  public void write(Path dataDir) {
    Json.write(dataDir.resolve(FILE_NAME), this);
  }
}
