package dev.recipe.evaluate;

import dev.recipe.core.RecipeException;
import dev.recipe.core.spec.EvaluationSpec.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One target of the spec checked against a measured value.
 *
 * @param metric the metric name ({@code top1}, {@code top5}, {@code loss}, ...)
 * @param requirement the target as text, e.g. {@code >= 0.9} or {@code 0.91 +/- 0.01}
 * @param actual the measured value
 * @param passed whether the target is met
 */
public record TargetResult(
    String metric, Double min, Double value, Double tolerance, String requirement, double actual,
    boolean passed) {

  /**
   * Checks every target against the measured scalars. A target naming a metric that was not
   * measured is bad input, naming the spec key and the metrics that exist.
   */
  public static List<TargetResult> check(List<Target> targets, Map<String, Double> scalars) {
    List<TargetResult> out = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      Target t = targets.get(i);
      Double actual = scalars.get(t.metric());
      if (actual == null) {
        throw RecipeException.badInput("evaluation.targets[" + i + "].metric: unknown metric '"
            + t.metric() + "' (measured: " + String.join(", ", scalars.keySet())
            + "; add k to evaluation.topK for another top-k)");
      }
      out.add(check(t, actual));
    }
    return out;
  }

  /** Checks one target: {@code actual >= min} and/or {@code |actual - value| <= tolerance}. */
  public static TargetResult check(Target t, double actual) {
    boolean ok = !Double.isNaN(actual);
    List<String> req = new ArrayList<>();
    if (t.min() != null) {
      ok &= actual >= t.min();
      req.add(">= " + t.min());
    }
    if (t.value() != null) {
      ok &= Math.abs(actual - t.value()) <= t.tolerance();
      req.add(t.value() + " +/- " + t.tolerance());
    }
    return new TargetResult(t.metric(), t.min(), t.value(), t.tolerance(),
        String.join(" and ", req), actual, ok);
  }
}
