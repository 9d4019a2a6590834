package dev.recipe.train.data;

import dev.recipe.core.random.SplitMix;

/** The crop box of torchvision's {@code RandomResizedCrop.get_params}, fallback included. */
public final class RandomResizedCrop {
  private RandomResizedCrop() {}

  /**
   * Up to 10 attempts: area fraction uniform in [scaleMin, scaleMax], log aspect ratio uniform in
   * [log ratioMin, log ratioMax], w = round(sqrt(area * ratio)), h = round(sqrt(area / ratio));
   * accepted when it fits, at a uniform offset. Otherwise the central crop whose aspect ratio is
   * clamped to [ratioMin, ratioMax]. Rounding is half-even, like Python's {@code round}.
   *
   * @return {left, top, width, height}
   */
  public static int[] params(int width, int height, double scaleMin, double scaleMax,
      double ratioMin, double ratioMax, SplitMix r) {
    double area = (double) width * height;
    double logMin = Math.log(ratioMin);
    double logMax = Math.log(ratioMax);
    for (int attempt = 0; attempt < 10; attempt++) {
      double target = area * (scaleMin + (scaleMax - scaleMin) * r.nextDouble());
      double aspect = Math.exp(logMin + (logMax - logMin) * r.nextDouble());
      int w = (int) Math.rint(Math.sqrt(target * aspect));
      int h = (int) Math.rint(Math.sqrt(target / aspect));
      if (0 < w && w <= width && 0 < h && h <= height) {
        int top = r.nextInt(height - h + 1);
        int left = r.nextInt(width - w + 1);
        return new int[] {left, top, w, h};
      }
    }
    double inRatio = (double) width / height;
    int w;
    int h;
    if (inRatio < Math.min(ratioMin, ratioMax)) {
      w = width;
      h = (int) Math.rint(w / Math.min(ratioMin, ratioMax));
    } else if (inRatio > Math.max(ratioMin, ratioMax)) {
      h = height;
      w = (int) Math.rint(h * Math.max(ratioMin, ratioMax));
    } else {
      w = width;
      h = height;
    }
    return new int[] {(width - w) / 2, (height - h) / 2, w, h};
  }
}
