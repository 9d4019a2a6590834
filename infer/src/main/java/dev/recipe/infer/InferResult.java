package dev.recipe.infer;

import dev.recipe.core.record.StageResult;
import dev.recipe.deploy.Backend;
import dev.recipe.deploy.ClassScore;
import dev.recipe.deploy.InferenceBench;
import java.util.List;

/** What the infer stage did, as its stage record stores it ({@code stages/infer.json}). */
public record InferResult(InferResult.Params params, InferResult.Metrics metrics,
    InferResult.Details details) implements StageResult {

  public record Params(int examples, int topK, List<Integer> benchBatches, int warmup, int runs) {}

  /**
   * @param latency one row per backend, batch size and with/without preprocessing
   * @param hardware the machine, in words
   */
  public record Metrics(List<InferenceBench.Row> latency, String hardware) {}

  /**
   * @param examples the worked examples: test images and each backend's top-k
   * @param latencyTable the latency rows as a markdown table
   */
  public record Details(List<Example> examples, String latencyTable) {}

  /**
   * A worked example.
   *
   * @param image the PNG written, relative to the run directory
   * @param key the sample's key in the test shards
   * @param djl DJL's top-k (null when not run)
   * @param onnx ONNX Runtime's top-k (null without an export)
   */
  public record Example(String image, String key, String trueClass, int width, int height,
      List<ClassScore> djl, List<ClassScore> onnx) {

    Example with(Backend backend, List<ClassScore> top) {
      return switch (backend) {
        case DJL -> new Example(image, key, trueClass, width, height, top, onnx);
        case ONNX -> new Example(image, key, trueClass, width, height, djl, top);
      };
    }
  }
}
