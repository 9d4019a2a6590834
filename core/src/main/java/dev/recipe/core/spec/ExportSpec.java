package dev.recipe.core.spec;

import java.util.List;

/**
 * Serialization. Owned by serialize.
 *
 * @param formats onnx and/or safetensors
 * @param opset ONNX opset (17 or later)
 * @param paritySamples test samples compared between ONNX Runtime and DJL
 * @param parityTolerance maximum allowed absolute logit difference
 */
public record ExportSpec(
    List<String> formats, Integer opset, Integer paritySamples, Double parityTolerance) {

  public ExportSpec {
    formats = formats == null ? List.of("onnx", "safetensors") : List.copyOf(formats);
    formats.forEach(f -> Check.require(f.equals("onnx") || f.equals("safetensors"),
        "formats may hold onnx and safetensors, got " + f));
    opset = opset == null ? 17 : opset;
    Check.require(opset >= 17, "opset must be 17 or later");
    paritySamples = paritySamples == null ? 64 : paritySamples;
    Check.positive(paritySamples, "paritySamples");
    parityTolerance = parityTolerance == null ? 1e-4 : parityTolerance;
    Check.positive(parityTolerance, "parityTolerance");
  }

  static ExportSpec defaults() {
    return new ExportSpec(null, null, null, null);
  }
}
