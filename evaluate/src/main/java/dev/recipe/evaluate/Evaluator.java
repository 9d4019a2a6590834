package dev.recipe.evaluate;

import dev.recipe.core.progress.Progress;
import dev.recipe.data.Sample;
import dev.recipe.infer.Classifier;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiConsumer;
import me.tongfei.progressbar.ProgressBar;

/**
 * Runs a classifier over samples and accumulates {@link Metrics}. Images go through
 * {@link Classifier#preprocess} (the model's recorded evaluation preprocessing, the same code path
 * as {@code recipe infer}) in chunks of {@code batchSize}; logits are computed in inference mode one
 * image per forward pass, and metrics are accumulated per sample in sample order, so the numbers
 * are the same whatever {@code batchSize} is, and the same as {@code recipe infer} gives.
 */
public final class Evaluator {
  private Evaluator() {}

  /**
   * Evaluates every sample the iterator yields.
   *
   * @param total number of samples (for the progress bar)
   * @param ks the k of each top-k accuracy
   */
  public static Metrics evaluate(Classifier classifier, Iterator<Sample> samples, long total,
      List<Integer> ks, int batchSize) {
    return evaluate(classifier, samples, total, ks, batchSize, (s, z) -> { });
  }

  /**
   * Evaluates every sample the iterator yields, telling {@code listener} each sample's logits (in
   * sample order) as they are accumulated.
   */
  public static Metrics evaluate(Classifier classifier, Iterator<Sample> samples, long total,
      List<Integer> ks, int batchSize, BiConsumer<Sample, float[]> listener) {
    MetricAccumulator acc = new MetricAccumulator(classifier.classNames().size(), ks);
    List<float[]> inputs = new ArrayList<>(batchSize);
    List<Sample> batch = new ArrayList<>(batchSize);
    try (ProgressBar bar = Progress.bar("evaluate", total, "img")) {
      while (samples.hasNext()) {
        Sample s = samples.next();
        inputs.add(classifier.preprocess(s.image()));
        batch.add(s);
        if (inputs.size() == batchSize || !samples.hasNext()) {
          for (int i = 0; i < inputs.size(); i++) {
            // One image per forward pass: PyTorch's CPU kernels pick algorithms by batch shape, so
            // a sample's logits in a batch of 32 can differ in the last bits from the same sample
            // alone (measured: ~1 ulp). Batch 1 makes results independent of evaluation.batchSize
            // and identical to `recipe infer` on the same image.
            float[] z = classifier.logits(List.of(inputs.get(i)))[0];
            acc.add(batch.get(i).label(), z);
            listener.accept(batch.get(i), z);
          }
          bar.stepBy(inputs.size());
          inputs.clear();
          batch.clear();
        }
      }
    }
    return acc.result(classifier.classNames());
  }
}
