package dev.recipe.core.spec;

import java.util.List;

/**
 * Evaluation and the targets the run must meet. Owned by evaluate.
 *
 * @param split split evaluated by default (test or val)
 * @param topK the k of the top-k accuracies reported
 * @param batchSize images per forward pass, on the training threads (also the validation batch
 *     during training); recorded, and the same value gives bit-identical metrics
 * @param targets what the run must reach
 */
public record EvaluationSpec(String split, List<Integer> topK, Integer batchSize, List<Target> targets) {

  public EvaluationSpec {
    split = split == null ? "test" : split;
    Check.require(split.equals("test") || split.equals("val"), "split must be test or val");
    topK = topK == null ? List.of(1, 5) : List.copyOf(topK);
    topK.forEach(k -> Check.positive(k, "topK"));
    batchSize = batchSize == null ? 256 : batchSize;
    Check.positive(batchSize, "batchSize");
    targets = targets == null ? List.of() : List.copyOf(targets);
  }

  static EvaluationSpec defaults() {
    return new EvaluationSpec(null, null, null, null);
  }

  /**
   * A target: either a minimum, or a value with a tolerance.
   *
   * @param metric metric name, e.g. top1, top5, loss
   * @param min minimum value (for accuracies, a fraction in [0, 1])
   * @param value expected value (with tolerance)
   * @param tolerance allowed absolute difference from value
   */
  public record Target(String metric, Double min, Double value, Double tolerance) {
    public Target {
      Check.require(metric != null, "metric is required");
      Check.require(min != null || value != null, "a target needs min, or value and tolerance");
      Check.require(value == null || tolerance != null, "value needs a tolerance");
    }
  }
}
