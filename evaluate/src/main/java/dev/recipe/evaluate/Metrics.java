package dev.recipe.evaluate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Classification metrics of one evaluation.
 *
 * @param samples number of samples evaluated
 * @param topK one entry per k requested, in the order requested
 * @param loss mean cross-entropy (no label smoothing)
 * @param perClass accuracy of each class (index = label)
 * @param classNames class names, index = label
 * @param confusion confusion matrix: {@code confusion[true][predicted]}, predicted = top-1
 */
public record Metrics(
    long samples,
    List<TopK> topK,
    double loss,
    List<PerClass> perClass,
    List<String> classNames,
    long[][] confusion) {

  public Metrics {
    topK = List.copyOf(topK);
    perClass = List.copyOf(perClass);
    classNames = List.copyOf(classNames);
  }

  /**
   * Top-k accuracy.
   *
   * @param correct samples whose true class ranks among the first k
   * @param accuracy correct / samples, a fraction in [0, 1]
   */
  public record TopK(int k, long correct, double accuracy) {
    /** The metric name targets refer to: {@code top1}, {@code top5}, ... */
    public String name() {
      return "top" + k;
    }
  }

  /**
   * Accuracy of one class.
   *
   * @param accuracy correct / samples, or null when the split has no sample of this class
   */
  public record PerClass(int index, String name, long samples, long correct, Double accuracy) {}

  /** The scalar metrics targets can name: {@code top<k>} for each k, {@code loss}, {@code samples}. */
  public Map<String, Double> scalars() {
    Map<String, Double> m = new LinkedHashMap<>();
    for (TopK t : topK) {
      m.put(t.name(), t.accuracy());
    }
    m.put("loss", loss);
    m.put("samples", (double) samples);
    return m;
  }
}
