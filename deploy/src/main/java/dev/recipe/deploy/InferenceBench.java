package dev.recipe.deploy;

import dev.recipe.data.RasterImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Latency of a classifier after a burn-in: per batch size, {@code warmup} untimed calls then
 * {@code runs} timed calls, once on already preprocessed inputs (model only) and once from decoded
 * images (preprocessing + model + softmax). Percentiles are nearest-rank over the timed calls.
 */
public final class InferenceBench {
  private static final Logger LOG = LoggerFactory.getLogger(InferenceBench.class);

  /**
   * What to time.
   *
   * @param batches batch sizes
   * @param warmup untimed calls before timing (at least 5)
   * @param runs timed calls (at least 20)
   * @param threads intra-op threads of each runtime; 0 for each one's inference default
   */
  public record Settings(List<Integer> batches, int warmup, int runs, int threads) {
    public Settings {
      batches = List.copyOf(batches);
      // bad input, not a bug: the values come from the command line or the spec's infer section
      if (threads < 0) {
        throw dev.recipe.core.RecipeException.badInput(
            "--threads must be >= 0 (0: each runtime's default), got " + threads);
      }
      if (warmup < 5 || runs < 20) {
        throw dev.recipe.core.RecipeException.badInput("warmup must be >= 5 and runs >= 20 calls"
            + " (--warmup/--runs, infer.warmup/infer.runs), got " + warmup + " and " + runs);
      }
    }

    /** Each runtime's own inference threads: DJL one intra-op thread, ONNX Runtime one per core. */
    public Settings(List<Integer> batches, int warmup, int runs) {
      this(batches, warmup, runs, 0);
    }
  }

  /**
   * One line of the latency table; times are per call (one batch), in milliseconds.
   *
   * @param preprocessing whether the timed call included preprocessing from decoded images
   * @param imagesPerSecond batch / mean latency
   */
  public record Row(
      String backend, int batch, boolean preprocessing, double meanMs, double p50Ms, double p90Ms,
      double p99Ms, double minMs, double maxMs, double imagesPerSecond, int warmup, int runs) {}

  private InferenceBench() {}

  /**
   * Times {@code classifier} on batches made from {@code images} (cycled when fewer than a batch).
   */
  public static List<Row> run(Classifier classifier, List<RasterImage> images, Settings settings) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("the benchmark needs at least one image");
    }
    List<Row> rows = new ArrayList<>();
    for (int batch : settings.batches()) {
      List<RasterImage> batchImages = new ArrayList<>(batch);
      for (int i = 0; i < batch; i++) {
        batchImages.add(images.get(i % images.size()));
      }
      List<float[]> inputs = batchImages.stream().map(classifier::preprocess).toList();
      int k = classifier.classNames().size();
      rows.add(time(classifier.backend(), batch, false, settings,
          () -> classifier.logits(inputs)));
      rows.add(time(classifier.backend(), batch, true, settings,
          () -> classifier.predict(batchImages, k)));
    }
    return rows;
  }

  private static Row time(Backend backend, int batch, boolean pre, Settings s, Runnable call) {
    for (int i = 0; i < s.warmup(); i++) {
      call.run();
    }
    double[] ms = new double[s.runs()];
    for (int i = 0; i < s.runs(); i++) {
      long t0 = System.nanoTime();
      call.run();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Row row = summarize(backend.id(), batch, pre, ms, s.warmup());
    LOG.info("bench {} batch {} {}: mean {} ms, p50 {} ms, {} images/s", backend.id(), batch,
        pre ? "with preprocessing" : "model only", String.format("%.2f", row.meanMs()),
        String.format("%.2f", row.p50Ms()), String.format("%.1f", row.imagesPerSecond()));
    return row;
  }

  /** The table row of a set of timed calls (milliseconds). */
  static Row summarize(String backend, int batch, boolean pre, double[] ms, int warmup) {
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    double sum = 0;
    for (double v : ms) {
      sum += v;
    }
    double mean = sum / ms.length;
    return new Row(backend, batch, pre, round(mean), round(percentile(sorted, 50)),
        round(percentile(sorted, 90)), round(percentile(sorted, 99)), round(sorted[0]),
        round(sorted[sorted.length - 1]), round(batch / (mean / 1000.0)), warmup, ms.length);
  }

  /** Nearest-rank percentile of sorted values: the smallest value with at least p% at or below it. */
  static double percentile(double[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
