package dev.recipe.data.process;

import dev.recipe.core.spec.DataSpec.ImageSpec;
import dev.recipe.data.ImageDecoding;
import dev.recipe.data.Preprocessing;
import dev.recipe.data.Preprocessing.Interpolation;
import dev.recipe.data.RasterImage;

/**
 * What prepare does to each image before storing it: convert to {@code channels}; then, when
 * {@code resizeShorter} is set, resize the shorter side to it (and center-crop to {@code size} when
 * that is set too); when only {@code size} is set, resize to exactly {@code size x size}. Bilinear,
 * with the semantics of {@link Preprocessing}.
 *
 * @param channels stored channels (1 or 3)
 * @param size square output size, or null
 * @param resizeShorter shorter-side size, or null
 */
public record ImageConversion(int channels, Integer size, Integer resizeShorter) {

  /** The conversion a spec asks for; {@code defaultChannels} when the spec leaves channels open. */
  public static ImageConversion of(ImageSpec spec, int defaultChannels) {
    return new ImageConversion(spec.channels() == null ? defaultChannels : spec.channels(),
        spec.size(), spec.resizeShorter());
  }

  public RasterImage apply(RasterImage image) {
    RasterImage out = ImageDecoding.toChannels(image, channels);
    if (resizeShorter != null) {
      out = Preprocessing.resizeShorter(out, resizeShorter, Interpolation.BILINEAR);
      if (size != null) {
        out = Preprocessing.centerCrop(out, size, size);
      }
    } else if (size != null) {
      out = Preprocessing.resize(out, size, size, Interpolation.BILINEAR);
    }
    return out;
  }
}
