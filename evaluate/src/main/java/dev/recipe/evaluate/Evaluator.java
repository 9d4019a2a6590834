package dev.recipe.evaluate;

import dev.recipe.core.progress.Progress;
import dev.recipe.data.Sample;
import dev.recipe.deploy.Classifier;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiConsumer;
import me.tongfei.progressbar.ProgressBar;

/**
 * Runs a classifier over samples and accumulates {@link Metrics}. Images go through
 * {@link Classifier#preprocess} (the model's recorded evaluation preprocessing, the same code path
 * as {@code recipe infer}) and are forwarded {@code batchSize} at a time in inference mode; metrics
 * are accumulated per sample in sample order. PyTorch's CPU kernels choose their algorithm by batch
 * shape and thread count, so a logit can differ in the last bits between batch sizes: the same
 * batch size and threads give bit-identical metrics (both are recorded, and {@code reproduce}
 * reruns with them), other batch sizes agree except where two logits tie within about 1e-6.
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
          float[][] z = classifier.logits(inputs);
          for (int i = 0; i < inputs.size(); i++) {
            acc.add(batch.get(i).label(), z[i]);
            listener.accept(batch.get(i), z[i]);
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
