package dev.recipe.serialize;

import dev.recipe.core.record.StageResult;
import java.util.List;
import java.util.Map;

/** What the export stage did, as its stage record stores it ({@code stages/export.json}). */
public record ExportResult(ExportResult.Params params, ExportResult.Metrics metrics,
    ExportResult.Details details) implements StageResult {

  public record Params(List<String> formats, int opset, int paritySamples, double parityTolerance) {}

  /**
   * Each part is null when its format was not exported (or, for {@code onnx}, when parity failed).
   *
   * @param parity the ONNX model against the DJL model on test images
   * @param onnxTestData the ONNX Model Zoo test case written next to the model
   */
  public record Metrics(Onnx onnx, ParityCheck.Result parity, TestData onnxTestData,
      Safetensors safetensors) {}

  /**
   * @param file relative to the run directory
   * @param input the graph input, in words (name, shape, type)
   */
  public record Onnx(String file, long sizeBytes, String sha256, int opset, long irVersion,
      String input, String output, String onnxRuntimeVersion) {}

  /** @param dir relative to the run directory */
  public record TestData(String dir, int samples) {}

  public record Safetensors(long sizeBytes, String sha256, int tensors) {}

  /** @param onnxMetadata the ONNX model's metadata_props */
  public record Details(Map<String, String> onnxMetadata) {}
}
