package dev.recipe.report;

import dev.recipe.core.spec.EvaluationSpec;
import dev.recipe.core.spec.RecipeSpec;
import dev.recipe.evaluate.EvalReport;
import dev.recipe.evaluate.TargetResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The spec's evaluation targets checked against what evaluation measured: the one place that
 * decides "met", shared by the rendered recipe and {@code recipe verify}.
 */
public final class Targets {
  private Targets() {}

  /** Outcome of one target. */
  public enum Status { MET, MISSED, NOT_RECORDED }

  /**
   * One target.
   *
   * @param expected the target as text ({@code ≥ 85.00%}, {@code 0.31 ± 0.02})
   * @param achieved the measured value, absent when evaluation did not record it
   */
  public record Result(String metric, String expected, Optional<Double> achieved, Status status) {
    public String achievedText() {
      return achieved.map(v -> format(metric, v)).orElse("not recorded");
    }
  }

  /**
   * The spec's targets against what evaluation measured; met or missed is decided by the evaluate
   * module's own check ({@link TargetResult#check}), the one definition of a target.
   */
  public static List<Result> check(RecipeSpec spec, EvalReport eval) {
    List<Result> out = new ArrayList<>();
    if (spec == null) {
      return out;
    }
    for (EvaluationSpec.Target t : spec.evaluation().targets()) {
      String metric = t.metric();
      Optional<Double> got = achieved(metric, eval);
      List<String> req = new ArrayList<>();
      if (t.min() != null) {
        req.add("≥ " + format(metric, t.min()));
      }
      if (t.value() != null) {
        req.add(format(metric, t.value()) + " ± " + format(metric, t.tolerance() == null ? 0.0 : t.tolerance()));
      }
      String expected = req.isEmpty() ? "?" : String.join(" and ", req);
      Status status = got.isEmpty() || req.isEmpty() || got.get().isNaN() ? Status.NOT_RECORDED
          : TargetResult.check(t, got.get()).passed() ? Status.MET : Status.MISSED;
      out.add(new Result(metric, expected, got, status));
    }
    return out;
  }

  /** A metric evaluation measured ({@code top<k>}, {@code loss}, {@code samples}), if it did. */
  public static Optional<Double> achieved(String metric, EvalReport eval) {
    return eval == null ? Optional.empty() : Optional.ofNullable(eval.metrics().scalars().get(metric));
  }

  /** Accuracies (fractions) as percentages, other metrics as plain numbers. */
  public static String format(String metric, double v) {
    if (metric.startsWith("top")) {
      return String.format(Locale.ROOT, "%.2f%%", v * 100);
    }
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
