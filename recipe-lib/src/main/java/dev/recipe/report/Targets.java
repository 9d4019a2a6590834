package dev.recipe.report;

import com.fasterxml.jackson.databind.JsonNode;
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

  /** Checks {@code spec.evaluation.targets} against the evaluation results and the evaluate record. */
  public static List<Result> check(JsonNode spec, JsonNode eval, JsonNode evaluateRecord) {
    List<Result> out = new ArrayList<>();
    for (JsonNode t : Facts.at(spec, "evaluation.targets")) {
      String metric = t.path("metric").asText("?");
      Optional<Double> min = Facts.number(t, "min");
      Optional<Double> value = Facts.number(t, "value");
      double tol = Facts.number(t, "tolerance").orElse(0.0);
      Optional<Double> got = achieved(metric, eval, evaluateRecord);
      List<String> req = new ArrayList<>();
      min.ifPresent(m -> req.add("≥ " + format(metric, m)));
      value.ifPresent(v -> req.add(format(metric, v) + " ± " + format(metric, tol)));
      String expected = req.isEmpty() ? "?" : String.join(" and ", req);
      Status status;
      if (got.isEmpty() || req.isEmpty() || got.get().isNaN()) {
        status = Status.NOT_RECORDED;
      } else {
        boolean ok = min.map(m -> got.get() >= m).orElse(true)
            && value.map(v -> Math.abs(got.get() - v) <= tol).orElse(true);
        status = ok ? Status.MET : Status.MISSED;
      }
      out.add(new Result(metric, expected, got, status));
    }
    return out;
  }

  /**
   * A metric measured by evaluation: looked up at the top of {@code metrics/eval.json}, under its
   * {@code accuracy}, {@code metrics} or {@code overall} object, then in the evaluate record's metrics.
   */
  public static Optional<Double> achieved(String metric, JsonNode eval, JsonNode evaluateRecord) {
    for (JsonNode candidate : List.of(eval, Facts.at(eval, "accuracy"), Facts.at(eval, "metrics"),
        Facts.at(eval, "overall"),
        Facts.at(evaluateRecord, "metrics"))) {
      Optional<Double> v = Facts.numberNamed(candidate, metric);
      if (v.isPresent()) {
        return v;
      }
    }
    return Optional.empty();
  }

  /** Accuracies (fractions) as percentages, other metrics as plain numbers. */
  public static String format(String metric, double v) {
    String m = Facts.normalize(metric);
    if (m.startsWith("top") || m.contains("acc")) {
      return String.format(Locale.ROOT, "%.2f%%", v * 100);
    }
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
