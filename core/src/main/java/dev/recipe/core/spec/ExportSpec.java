package dev.recipe.core.spec;

import java.util.List;

/**
 * Serialization. Owned by serialize.
 *
 * @param formats onnx and/or safetensors
 * @param opset ONNX opset (17 or later)
 * @param paritySamples test samples compared between ONNX Runtime and DJL
 * @param parityTolerance maximum allowed absolute logit difference
 * @param license the exported model's license as an SPDX-style id for the model card and the ONNX
 *     metadata ({@code mit}, {@code apache-2.0}, ...); null: {@code unknown}
 * @param modelVersion the ONNX {@code model_version} (a positive integer; default 1)
 */
public record ExportSpec(
    List<String> formats, Integer opset, Integer paritySamples, Double parityTolerance, String license,
    Long modelVersion) {

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
    Check.require(license == null || license.matches("[a-z0-9][a-z0-9.+-]*"),
        "license must be a lower-case SPDX-style id such as mit or apache-2.0, got " + license);
    modelVersion = modelVersion == null ? 1L : modelVersion;
    Check.require(modelVersion > 0, "modelVersion must be positive");
  }

  static ExportSpec defaults() {
    return new ExportSpec(null, null, null, null, null, null);
  }
}
