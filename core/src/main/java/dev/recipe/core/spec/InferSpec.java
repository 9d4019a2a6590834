package dev.recipe.core.spec;

import java.util.List;

/**
 * The infer stage: worked examples and the latency benchmark. Owned by infer.
 *
 * @param examples test images predicted as the recipe's worked example
 * @param topK classes shown per prediction
 * @param benchBatches batch sizes timed
 * @param warmup untimed runs before timing
 * @param runs timed runs
 */
public record InferSpec(
    Integer examples, Integer topK, List<Integer> benchBatches, Integer warmup, Integer runs) {

  public InferSpec {
    examples = examples == null ? 4 : examples;
    Check.nonNegative(examples, "examples");
    topK = topK == null ? 3 : topK;
    Check.positive(topK, "topK");
    benchBatches = benchBatches == null ? List.of(1, 32) : List.copyOf(benchBatches);
    benchBatches.forEach(b -> Check.positive(b, "benchBatches"));
    warmup = warmup == null ? 5 : warmup;
    Check.require(warmup >= 5, "warmup must be at least 5");
    runs = runs == null ? 20 : runs;
    Check.require(runs >= 20, "runs must be at least 20");
  }

  static InferSpec defaults() {
    return new InferSpec(null, null, null, null, null);
  }
}
