package dev.recipe.data;

import dev.recipe.core.io.AtomicFiles;
import dev.recipe.core.io.Hashing;
import dev.recipe.core.io.Json;
import dev.recipe.core.io.ListDigest;
import dev.recipe.core.record.StageRecorder;
import dev.recipe.data.Manifest.ShardInfo;
import dev.recipe.data.Manifest.SplitInfo;
import dev.recipe.data.process.ChannelStatistics;
import dev.recipe.data.process.ImageConversion;
import dev.recipe.data.raw.RawItem;
import dev.recipe.data.shard.ShardWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import me.tongfei.progressbar.ProgressBar;

/**
 * Writes one split's shards, streaming: items are decoded and encoded {@value #CHUNK} at a time on
 * the pool, written in order, so memory does not grow with the split. Each finished shard gets a
 * sidecar {@code <shard>.state.json} with everything it contributed (items consumed, quarantined
 * ones, per-class counts, formats, sample ids, pixel sums, sizes). A rerun after a kill
 * ({@link #resume}) keeps the finished shards whose SHA-256 still matches their sidecar, skips the
 * items they consumed, and writes on from there: the result is the same bytes as one clean run.
 */
final class SplitWriter {
  static final int CHUNK = 512;
  private static final String STATE = ".state.json";

  /**
   * What a finished shard contributed.
   *
   * @param consumed planned items this shard's range covered, quarantined ones included
   * @param quarantined the quarantined items of that range
   * @param ids sample ids stored in the shard, in order
   * @param sums pixel sums of the train split's images in the shard (null for other splits)
   * @param width width of the first image, or 0 when none
   * @param height height of the first image
   * @param uniform whether every image of the shard had that size
   * @param last whether it is the split's last shard (the split is complete)
   */
  record ShardState(String name, String sha256, int count, int consumed, int[] perClass,
      Map<String, Long> formats, List<Map<String, String>> quarantined, List<String> ids,
      Map<String, Object> sums, int width, int height, boolean uniform, boolean last) {}

  /** The split's running totals. */
  static final class Totals {
    final int[] perClass;
    final Map<String, Long> formats = new TreeMap<>();
    final List<Map<String, String>> quarantined = new ArrayList<>();
    final ChannelStatistics stats;
    final ListDigest ids = new ListDigest(3);
    final List<ShardInfo> shards = new ArrayList<>();
    int count;
    int consumed;
    int width;
    int height;
    boolean uniform = true;
    boolean complete;

    Totals(int classes, ChannelStatistics stats) {
      perClass = new int[classes];
      this.stats = stats;
    }

    void add(ShardState s) {
      for (int c = 0; c < perClass.length; c++) {
        perClass[c] += s.perClass()[c];
      }
      s.formats().forEach((f, n) -> formats.merge(f, n, Long::sum));
      quarantined.addAll(s.quarantined());
      s.ids().forEach(ids::add);
      if (stats != null && s.sums() != null) {
        stats.add(ChannelStatistics.fromMap(s.sums()));
      }
      size(s.width(), s.height(), s.uniform());
      shards.add(new ShardInfo(s.name(), s.sha256(), s.count()));
      count += s.count();
      consumed += s.consumed();
      complete = s.last();
    }

    void size(int w, int h, boolean shardUniform) {
      if (w == 0) {
        return;
      }
      if (width == 0) {
        width = w;
        height = h;
      } else if (width != w || height != h) {
        uniform = false;
      }
      uniform &= shardUniform;
    }

    SplitInfo info() {
      return new SplitInfo(count, Arrays.stream(perClass).boxed().toList(), List.copyOf(shards));
    }
  }

  private SplitWriter() {}

  /**
   * The finished shards of a split left in {@code dir} by an interrupted run, in order, each
   * verified against its sidecar; the first missing or mismatching one and everything after it are
   * deleted, to be written again.
   */
  static Totals resume(Path dir, String split, int classes, ChannelStatistics stats) throws IOException {
    Totals t = new Totals(classes, stats);
    for (int i = 0; ; i++) {
      String name = ShardWriter.shardName(split, i);
      Path shard = dir.resolve(name);
      Path state = dir.resolve(name + STATE);
      if (!Files.isRegularFile(shard) || !Files.isRegularFile(state)) {
        deleteFrom(dir, split, i);
        return t;
      }
      ShardState s;
      try {
        s = Json.json().readValue(state.toFile(), ShardState.class);
      } catch (IOException e) {
        deleteFrom(dir, split, i);
        return t;
      }
      if (!s.name().equals(name) || !Hashing.sha256(shard).equals(s.sha256())) {
        deleteFrom(dir, split, i);
        return t;
      }
      t.add(s);
      if (s.last()) {
        return t;
      }
    }
  }

  private static void deleteFrom(Path dir, String split, int first) throws IOException {
    for (int i = first; ; i++) {
      Path shard = dir.resolve(ShardWriter.shardName(split, i));
      boolean any = Files.deleteIfExists(shard) | Files.deleteIfExists(dir.resolve(shard.getFileName() + STATE));
      if (!any) {
        return;
      }
    }
  }

  /** Removes the sidecars once the dataset is complete (they are not part of it). */
  static void dropSidecars(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      for (Path p : s.filter(p -> p.getFileName().toString().endsWith(STATE)).toList()) {
        Files.delete(p);
      }
    }
  }

  /** One decoded and encoded sample, or the reason it was quarantined. */
  private record Encoded(int label, byte[] bytes, String format, int width, int height,
      ChannelStatistics stats, String origin, String quarantineReason) {}

  /** Per-shard tallies between two shard boundaries. */
  private static final class ShardTally {
    final Totals shard;
    final List<String> ids = new ArrayList<>();
    int consumed;

    ShardTally(int classes, int channels, boolean withStats) {
      shard = new Totals(classes, withStats ? new ChannelStatistics(channels) : null);
    }
  }

  /**
   * Writes the items after those {@code totals} already covers (a resumed split), adding to it.
   *
   * @param onShard told the number of shards finished so far (the test hook that simulates a kill)
   */
  static void write(ExecutorService pool, Path dir, String split, List<RawItem> items, int shardSize,
      ImageConversion conversion, Totals totals, ProgressBar bar, StageRecorder rec,
      java.util.function.IntConsumer onShard)
      throws IOException, InterruptedException, ExecutionException {
    int classes = totals.perClass.length;
    boolean withStats = totals.stats != null;
    ShardTally[] tally = {new ShardTally(classes, conversion.channels(), withStats)};
    int[] count = {totals.count};
    boolean[] lastPending = {false};
    ShardWriter writer = new ShardWriter(dir, split, shardSize, totals.shards.size(), info -> {
      ShardState s = state(info, tally[0], lastPending[0]);
      writeState(dir, s);
      totals.add(s);
      tally[0] = new ShardTally(classes, conversion.channels(), withStats);
      onShard.accept(totals.shards.size());
    });
    try (writer) {
      for (int i = 0; i < totals.consumed && i < items.size(); i++) {
        items.get(i).skip(); // already stored: only its bytes are read again, for the input's fingerprint
        bar.step();
      }
      for (int from = totals.consumed; from < items.size(); from += CHUNK) {
        List<Future<Encoded>> futures = new ArrayList<>();
        for (RawItem it : items.subList(from, Math.min(items.size(), from + CHUNK))) {
          futures.add(pool.submit(() -> encode(it, conversion, withStats)));
        }
        for (Future<Encoded> f : futures) {
          Encoded e = f.get();
          bar.step();
          ShardTally t = tally[0];
          t.consumed++;
          if (e.quarantineReason() != null) {
            t.shard.quarantined.add(Map.of("file", e.origin(), "split", split, "reason", e.quarantineReason()));
            rec.warn("quarantined " + e.origin() + ": " + e.quarantineReason());
            continue;
          }
          t.shard.count++;
          t.shard.perClass[e.label()]++;
          t.shard.formats.merge(e.format(), 1L, Long::sum);
          t.ids.add(e.origin());
          if (withStats) {
            t.shard.stats.add(e.stats());
          }
          t.shard.size(e.width(), e.height(), true);
          writer.add(ShardWriter.key(count[0]++), e.label(), e.bytes(), e.format());
        }
      }
      lastPending[0] = true;
      writer.finish();
      if (!totals.complete) {
        // nothing left to write (an empty split, or the last shard closed exactly at shardSize):
        // the trailing quarantined items and the completion go into a state of their own
        ShardTally t = tally[0];
        totals.consumed += t.consumed;
        totals.quarantined.addAll(t.shard.quarantined);
        totals.complete = true;
      }
    }
  }

  private static ShardState state(ShardInfo info, ShardTally t, boolean last) {
    return new ShardState(info.name(), info.sha256(), info.count(), t.consumed, t.shard.perClass.clone(),
        Map.copyOf(t.shard.formats), List.copyOf(t.shard.quarantined), List.copyOf(t.ids),
        t.shard.stats == null ? null : t.shard.stats.toMap(), t.shard.width, t.shard.height,
        t.shard.uniform, last);
  }

  private static void writeState(Path dir, ShardState s) {
    try {
      AtomicFiles.writeString(dir.resolve(s.name() + STATE), Json.json().writeValueAsString(s));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Encoded encode(RawItem it, ImageConversion conversion, boolean withStats) {
    ImageConversion.Stored stored;
    try {
      stored = conversion.store(it.loadSource());
    } catch (ImageDecodeException e) {
      return new Encoded(it.label(), null, null, 0, 0, null, it.origin(), e.reason());
    }
    RasterImage img = stored.image();
    return new Encoded(it.label(), stored.bytes(), stored.format(), img.width(), img.height(),
        withStats ? ChannelStatistics.of(img) : null, it.origin(), null);
  }
}
