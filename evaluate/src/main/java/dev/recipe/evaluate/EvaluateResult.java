package dev.recipe.evaluate;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.recipe.core.record.StageResult;
import dev.recipe.core.spec.EvaluationSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the evaluate stage did, as its stage record stores it ({@code stages/evaluate.json}); the
 * full report is {@code metrics/eval.json} ({@link EvalReport}).
 */
public record EvaluateResult(EvaluateResult.Params params, EvaluateResult.Metrics metrics,
    EvaluateResult.Details details) implements StageResult {

  /** @param threads intra-op threads of the forward passes (the same count gives the same logits) */
  public record Params(String split, List<Integer> topK, int batchSize,
      List<EvaluationSpec.Target> targets, Integer threads) {}

  /**
   * @param accuracy {@code top<k>} -> accuracy for each requested k, stored as keys of their own
   *     ({@code metrics.top1})
   * @param otherWeights with training.ema: the weights that are not the model, evaluated the same way
   */
  public record Metrics(String split, long samples, double loss, boolean targetsPassed,
      List<TargetResult> targets, OtherWeights otherWeights,
      @JsonAnySetter @JsonAnyGetter Map<String, Double> accuracy) {
    public Metrics {
      accuracy = accuracy == null ? new TreeMap<>() : new TreeMap<>(accuracy);
    }
  }

  /**
   * @param weights "raw" or "ema"
   * @param accuracy {@code top<k>} -> accuracy, stored as keys of their own
   */
  public record OtherWeights(String weights, String weightsSha256, double loss,
      @JsonAnySetter @JsonAnyGetter Map<String, Double> accuracy) {
    public OtherWeights {
      accuracy = accuracy == null ? new TreeMap<>() : new TreeMap<>(accuracy);
    }
  }

  /** @param perClassAccuracy class name -> top-1 accuracy on that class's samples */
  public record Details(Map<String, Double> perClassAccuracy, Map<String, String> definitions) {
    public Details {
      perClassAccuracy = perClassAccuracy == null ? null : new LinkedHashMap<>(perClassAccuracy);
    }
  }
}
