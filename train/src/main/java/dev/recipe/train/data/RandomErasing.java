package dev.recipe.train.data;

import dev.recipe.core.random.SplitMix;
import java.util.Arrays;
import java.util.List;

/**
 * torchvision's {@code RandomErasing(p, scale, ratio, value)} on the normalized CHW float tensor
 * (torchvision's presets put it after {@code Normalize}): one draw against p, then
 * {@code get_params}' up to 10 attempts, and the box set to the value. Numeric values only.
 *
 * @param value one number for every channel, or one per channel
 */
public record RandomErasing(double p, double scaleMin, double scaleMax, double ratioMin,
    double ratioMax, List<Double> value) {

  public RandomErasing {
    value = List.copyOf(value);
  }

  /**
   * {@code get_params}: erase area = H*W*uniform(scale), aspect = exp(uniform(log ratio)),
   * h = round(sqrt(area*aspect)), w = round(sqrt(area/aspect)) (half-even like Python's round);
   * accepted when h &lt; H and w &lt; W, at top = randint(0, H-h+1), left = randint(0, W-w+1).
   * torchvision draws in float32 from torch's generator; we draw doubles from ours (the structure
   * and the formulas are the same, the streams cannot be).
   *
   * @return {top, left, h, w}, or null when no attempt fits (the image is left alone)
   */
  public int[] params(int height, int width, SplitMix r) {
    double area = (double) height * width;
    double logMin = Math.log(ratioMin);
    double logMax = Math.log(ratioMax);
    for (int attempt = 0; attempt < 10; attempt++) {
      double erase = area * (scaleMin + (scaleMax - scaleMin) * r.nextDouble());
      double aspect = Math.exp(logMin + (logMax - logMin) * r.nextDouble());
      int h = (int) Math.rint(Math.sqrt(erase * aspect));
      int w = (int) Math.rint(Math.sqrt(erase / aspect));
      if (!(h < height && w < width)) {
        continue;
      }
      int top = r.nextInt(height - h + 1);
      int left = r.nextInt(width - w + 1);
      return new int[] {top, left, h, w};
    }
    return null;
  }

  /** Checks that the value fits {@code channels} (torchvision raises the same at call time). */
  public void checkChannels(int channels) {
    if (value.size() != 1 && value.size() != channels) {
      throw new IllegalArgumentException("random-erasing value has " + value.size()
          + " numbers; give one or one per channel (" + channels + ")");
    }
  }

  /** Erases in place: the p draw first, then the box. */
  public void apply(float[] chw, int channels, int height, int width, SplitMix r) {
    if (!(r.nextDouble() < p)) {
      return;
    }
    int[] box = params(height, width, r);
    if (box != null) {
      erase(chw, channels, height, width, box[0], box[1], box[2], box[3], value);
    }
  }

  /** torchvision's {@code F.erase}: rows [i, i+h), columns [j, j+w) of every channel set to v. */
  public static void erase(float[] chw, int channels, int height, int width, int i, int j, int h,
      int w, List<Double> v) {
    for (int c = 0; c < channels; c++) {
      // torch.tensor(value) is float32, so the value is rounded to float once
      float x = v.get(v.size() == 1 ? 0 : c).floatValue();
      for (int y = i; y < i + h; y++) {
        int row = (c * height + y) * width;
        Arrays.fill(chw, row + j, row + j + w, x);
      }
    }
  }
}
