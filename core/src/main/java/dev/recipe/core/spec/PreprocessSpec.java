package dev.recipe.core.spec;

import java.util.List;

/**
 * Evaluation preprocessing, shared by training (validation), evaluation, inference and the ONNX
 * metadata: resize the shorter side, center-crop, scale to [0,1], normalize.
 *
 * @param resize shorter-side resize in pixels (null: no resize)
 * @param crop center crop size (null: no crop; the stored image size is used)
 * @param interpolation bilinear (default) or nearest
 * @param mean per-channel mean; null takes the train split's statistics from the processed data
 * @param std per-channel std; null takes the train split's statistics
 */
public record PreprocessSpec(
    Integer resize, Integer crop, String interpolation, List<Double> mean, List<Double> std) {

  public PreprocessSpec {
    if (resize != null) {
      Check.positive(resize, "resize");
    }
    if (crop != null) {
      Check.positive(crop, "crop");
    }
    interpolation = interpolation == null ? "bilinear" : interpolation;
    Check.require(interpolation.equals("bilinear") || interpolation.equals("nearest"),
        "interpolation must be bilinear or nearest");
    Check.require((mean == null) == (std == null), "mean and std go together");
    Check.require(mean == null || mean.size() == std.size(), "mean and std must have equal length");
    mean = mean == null ? null : List.copyOf(mean);
    std = std == null ? null : List.copyOf(std);
  }

  static PreprocessSpec defaults() {
    return new PreprocessSpec(null, null, null, null, null);
  }
}
