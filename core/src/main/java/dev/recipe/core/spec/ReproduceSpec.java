package dev.recipe.core.spec;

/**
 * Tolerances of the on-track check of {@code recipe reproduce}. Owned by recipe.
 *
 * @param lossTolerance allowed relative difference of an epoch's train and val loss
 * @param accuracyTolerance allowed absolute difference of an epoch's val top-1 (fraction)
 * @param metricTolerance allowed absolute difference of a final metric (fraction)
 */
public record ReproduceSpec(Double lossTolerance, Double accuracyTolerance, Double metricTolerance) {

  public ReproduceSpec {
    lossTolerance = lossTolerance == null ? 0.05 : lossTolerance;
    Check.nonNegative(lossTolerance, "lossTolerance");
    accuracyTolerance = accuracyTolerance == null ? 0.01 : accuracyTolerance;
    Check.nonNegative(accuracyTolerance, "accuracyTolerance");
    metricTolerance = metricTolerance == null ? 0.005 : metricTolerance;
    Check.nonNegative(metricTolerance, "metricTolerance");
  }

  static ReproduceSpec defaults() {
    return new ReproduceSpec(null, null, null);
  }
}
