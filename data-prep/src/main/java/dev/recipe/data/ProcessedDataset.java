package dev.recipe.data;

import dev.recipe.core.RecipeException;
import dev.recipe.core.io.Hashing;
import dev.recipe.data.Manifest.ShardInfo;
import dev.recipe.data.shard.PngCodec;
import dev.recipe.data.shard.SafeTar;
import dev.recipe.data.shard.ShardReader;
import dev.recipe.data.shard.ShardReader.EncodedSample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.zip.Inflater;

/**
 * A processed dataset as the prepare stage wrote it: {@code manifest.json} plus, per split, tar
 * shards {@code <split>-NNNNNN.tar} in WebDataset layout (each sample a {@code <key>.png} 8-bit
 * gray or RGB image and a {@code <key>.cls} decimal class index, same key, in key order). Any
 * WebDataset or tar reader can read the shards; this class reads them fast and checked: every
 * shard's SHA-256 is compared with the manifest before use, and PNGs are decoded in parallel while
 * the sample order stays the stored one. Thread-safe (immutable).
 */
public final class ProcessedDataset {
  private final Path dir;
  private final Manifest manifest;

  private ProcessedDataset(Path dir, Manifest manifest) {
    this.dir = dir;
    this.manifest = manifest;
  }

  /** Opens {@code dataDir} (usually {@code RUN/data}). */
  public static ProcessedDataset open(Path dataDir) {
    return new ProcessedDataset(dataDir, Manifest.read(dataDir));
  }

  public Manifest manifest() {
    return manifest;
  }

  public Path directory() {
    return dir;
  }

  /** All samples of a split, decoded, in stored order (60,000 28x28 images take about a second). */
  public List<Sample> load(String split) {
    List<Sample> out = new ArrayList<>(manifest.split(split).count());
    for (ShardInfo shard : manifest.split(split).shards()) {
      out.addAll(readShard(shard));
    }
    return out;
  }

  /** Streams a split shard by shard (only one shard's samples in memory), in stored order. */
  public void forEach(String split, Consumer<Sample> action) {
    iterator(split).forEachRemaining(action);
  }

  /** An iterator over a split that reads one shard at a time. */
  public Iterator<Sample> iterator(String split) {
    List<ShardInfo> shards = manifest.split(split).shards();
    return new Iterator<>() {
      private int next;
      private Iterator<Sample> current = java.util.Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && next < shards.size()) {
          current = readShard(shards.get(next++)).iterator();
        }
        return current.hasNext();
      }

      @Override
      public Sample next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  /** A shard's file and its bytes, checked against the manifest's SHA-256. */
  record VerifiedShard(Path file, byte[] bytes) {}

  VerifiedShard verified(ShardInfo shard) {
    String name = SafeTar.checkName(Manifest.FILE_NAME, shard.name());
    if (name.contains("/")) {
      throw RecipeException.badInput(dir.resolve(Manifest.FILE_NAME) + ": shard name '"
          + shard.name() + "' must be a plain file name");
    }
    Path file = dir.resolve(name);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw RecipeException.badInput("missing shard " + file + " (listed in the manifest)", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    String actual = Hashing.sha256(bytes);
    if (!actual.equals(shard.sha256())) {
      throw RecipeException.badInput(file + ": SHA-256 mismatch: expected " + shard.sha256()
          + ", actual " + actual + " (the processed data changed after prepare)");
    }
    return new VerifiedShard(file, bytes);
  }

  /** Checks a shard's sample count and labels against the manifest. */
  void checkSamples(Path file, ShardInfo shard, List<? extends ShardReader.Labeled> samples) {
    if (samples.size() != shard.count()) {
      throw RecipeException.badInput(file + ": holds " + samples.size() + " samples, the manifest says "
          + shard.count());
    }
    int classes = manifest.numClasses();
    for (ShardReader.Labeled e : samples) {
      if (e.label() < 0 || e.label() >= classes) {
        throw RecipeException.badInput(file + ": sample " + e.key() + " has label " + e.label()
            + " outside 0.." + (classes - 1));
      }
    }
  }

  /** A split read on demand (see {@link IndexedSplit}); close it to release its files. */
  public IndexedSplit index(String split) {
    return IndexedSplit.open(this, split);
  }

  /** Reads, verifies and decodes one shard. */
  public List<Sample> readShard(ShardInfo shard) {
    VerifiedShard v = verified(shard);
    Path file = v.file();
    byte[] bytes = v.bytes();
    List<EncodedSample> encoded = ShardReader.read(bytes, file.toString());
    checkSamples(file, shard, encoded);
    // Decoded in parallel chunks (one Inflater each), every sample into its own slot: the order is
    // the stored one whatever the thread count.
    int n = encoded.size();
    Sample[] out = new Sample[n];
    int chunks = Math.max(1, Math.min(n, 4 * ForkJoinPool.getCommonPoolParallelism()));
    IntStream.range(0, chunks).parallel().forEach(c -> {
      Inflater inflater = new Inflater();
      try {
        for (int i = (int) ((long) c * n / chunks); i < (int) ((long) (c + 1) * n / chunks); i++) {
          EncodedSample e = encoded.get(i);
          String where = file + ":" + e.key() + "." + e.format();
          RasterImage img = e.format().equals("png") ? PngCodec.decode(e.bytes(), where, inflater)
              : ImageDecoding.toChannels(ImageDecoding.decode(e.bytes(), where), manifest.channels());
          out[i] = new Sample(e.key(), e.label(), img);
        }
      } finally {
        inflater.end();
      }
    });
    return Arrays.asList(out);
  }
}
