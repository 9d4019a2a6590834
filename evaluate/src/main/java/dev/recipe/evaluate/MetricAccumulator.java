package dev.recipe.evaluate;

import dev.recipe.train.loop.TopK;
import java.util.ArrayList;
import java.util.List;

/**
 * Accumulates classification metrics one sample at a time, in the order samples are given.
 *
 * <p>Everything is per sample: counts are {@code long}, the loss sum is a {@code double} added in
 * sample order, so the result depends only on the per-sample logits and their order, never on how
 * samples were grouped into batches.
 *
 * <p>Ties: a class ranks before the true class when its logit is larger, or equal with a lower
 * class index. So the top-1 prediction is the lowest index among the maximal logits, and top-k
 * counts the true class as correct only when fewer than k classes rank before it. A NaN logit of the
 * true class makes the sample wrong at every k (and its loss NaN).
 *
 * <p>Loss is plain cross-entropy (no label smoothing): {@code logsumexp(z) - z[label]}, computed in
 * double precision from the float logits.
 */
public final class MetricAccumulator {
  private final List<Integer> ks;
  private final int numClasses;
  private final long[] correctAtK;
  private final long[][] confusion;
  private double lossSum;
  private long count;

  /**
   * @param numClasses number of classes
   * @param ks the k of each top-k accuracy (any positive k; k above the class count is always correct)
   */
  public MetricAccumulator(int numClasses, List<Integer> ks) {
    if (numClasses <= 0) {
      throw new IllegalArgumentException("numClasses must be > 0, got " + numClasses);
    }
    for (int k : ks) {
      if (k <= 0) {
        throw new IllegalArgumentException("top-k needs k > 0, got " + k);
      }
    }
    this.numClasses = numClasses;
    this.ks = List.copyOf(ks);
    this.correctAtK = new long[ks.size()];
    this.confusion = new long[numClasses][numClasses];
  }

  /** Adds one sample: its true class and its logits. */
  public void add(int label, float[] logits) {
    if (logits.length != numClasses) {
      throw new IllegalArgumentException(
          "expected " + numClasses + " logits, got " + logits.length);
    }
    if (label < 0 || label >= numClasses) {
      throw new IllegalArgumentException("label " + label + " outside [0, " + numClasses + ")");
    }
    int rank = rankOf(logits, label);
    for (int i = 0; i < ks.size(); i++) {
      if (rank < ks.get(i)) {
        correctAtK[i]++;
      }
    }
    confusion[label][argmax(logits)]++;
    lossSum += crossEntropy(logits, label);
    count++;
  }

  /**
   * How many classes rank before {@code label}: larger logit, or equal logit with a lower index.
   * A NaN logit of the label ranks last.
   */
  static int rankOf(float[] logits, int label) {
    return TopK.rankOf(logits, 0, logits.length, label);
  }

  /** The predicted class: the lowest index among the maximal logits (NaN never wins). */
  public static int argmax(float[] logits) {
    return TopK.argmax(logits, 0, logits.length);
  }

  /** Cross-entropy of one sample, in double: logsumexp(z) - z[label]. */
  public static double crossEntropy(float[] logits, int label) {
    return TopK.crossEntropy(logits, 0, logits.length, label);
  }

  public long count() {
    return count;
  }

  /** The results so far; {@code classNames} label the per-class rows (index = label). */
  public Metrics result(List<String> classNames) {
    if (classNames.size() != numClasses) {
      throw new IllegalArgumentException(
          "expected " + numClasses + " class names, got " + classNames.size());
    }
    List<Metrics.TopK> topK = new ArrayList<>();
    for (int i = 0; i < ks.size(); i++) {
      topK.add(new Metrics.TopK(ks.get(i), correctAtK[i], ratio(correctAtK[i], count)));
    }
    List<Metrics.PerClass> perClass = new ArrayList<>();
    long[][] matrix = new long[numClasses][];
    for (int c = 0; c < numClasses; c++) {
      long total = 0;
      for (long v : confusion[c]) {
        total += v;
      }
      perClass.add(new Metrics.PerClass(c, classNames.get(c), total, confusion[c][c],
          total == 0 ? null : ratio(confusion[c][c], total)));
      matrix[c] = confusion[c].clone();
    }
    return new Metrics(count, topK, count == 0 ? Double.NaN : lossSum / count, perClass,
        classNames, matrix);
  }

  private static double ratio(long num, long den) {
    return den == 0 ? Double.NaN : (double) num / den;
  }
}
