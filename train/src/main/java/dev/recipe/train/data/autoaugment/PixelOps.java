package dev.recipe.train.data.autoaugment;

import dev.recipe.data.RasterImage;

/**
 * The colour and histogram ops of torchvision's {@code functional_tensor} on uint8 images (HWC
 * here, CHW there; per-pixel arithmetic is the same). Products of a Python float and a uint8 tensor
 * are float32 in torch (the scalar rounded to float first), and {@code .to(uint8)} truncates, so
 * both are written out that way.
 */
public final class PixelOps {
  // torchvision's Python-float luma weights, rounded to float32 as torch does with a scalar
  private static final float R = (float) 0.2989;
  private static final float G = (float) 0.587;
  private static final float B = (float) 0.114;

  private PixelOps() {}

  /** {@code clamp(0, 255).to(uint8)} of a float32 value: clamping, then truncation. */
  static int clampTruncate(float v) {
    if (!(v > 0f)) {
      return 0;
    }
    return v >= 255f ? 255 : (int) v;
  }

  /** {@code round().to(uint8)} as after a grid sample or convolution (half to even). */
  static int roundToByte(float v) {
    double r = Math.rint(v);
    return r <= 0 ? 0 : r >= 255 ? 255 : (int) r;
  }

  /** {@code _blend}: {@code ratio * a + (1.0 - ratio) * b} in float32, clamped and truncated. */
  private static RasterImage blend(RasterImage img, byte[] other, int otherChannels, float constant,
      double ratio) {
    float r = (float) ratio;
    float q = (float) (1.0 - ratio);
    byte[] in = img.pixels();
    byte[] out = new byte[in.length];
    int c = img.channels();
    for (int i = 0; i < in.length; i++) {
      float b = other == null ? constant : other[otherChannels == 1 ? i / c : i] & 0xff;
      out[i] = (byte) clampTruncate(r * (in[i] & 0xff) + q * b);
    }
    return new RasterImage(img.width(), img.height(), c, out);
  }

  /** {@code rgb_to_grayscale}: (0.2989 r + 0.587 g + 0.114 b) in float32, truncated; 1 channel. */
  static byte[] grayscale(RasterImage img) {
    byte[] in = img.pixels();
    if (img.channels() == 1) {
      return in.clone();
    }
    byte[] out = new byte[in.length / 3];
    for (int i = 0; i < out.length; i++) {
      float v = R * (in[3 * i] & 0xff) + G * (in[3 * i + 1] & 0xff);
      out[i] = (byte) (int) (v + B * (in[3 * i + 2] & 0xff));
    }
    return out;
  }

  /** {@code adjust_brightness}: blend with black. */
  public static RasterImage brightness(RasterImage img, double factor) {
    return blend(img, null, 1, 0f, factor);
  }

  /** {@code adjust_saturation}: blend with the grayscale image; a gray image is left as it is. */
  public static RasterImage saturation(RasterImage img, double factor) {
    return img.channels() == 1 ? img : blend(img, grayscale(img), 1, 0f, factor);
  }

  /**
   * {@code adjust_contrast}: blend with the mean of the grayscale image. The float32 mean is the
   * sum divided by the count; the sum of integers is exact in float32 up to 2^24 (65,793 pixels
   * of 255), beyond which torch's float summation order could round it differently.
   */
  public static RasterImage contrast(RasterImage img, double factor) {
    byte[] gray = grayscale(img);
    long sum = 0;
    for (byte b : gray) {
      sum += b & 0xff;
    }
    float mean = (float) sum / (float) gray.length;
    return blend(img, null, 1, mean, factor);
  }

  /**
   * {@code adjust_sharpness}: blend with {@code _blurred_degenerate_image}, a 3x3 smoothing (1 around
   * 5, over 13, as float32 weights) of the interior rounded half-even to uint8, the border kept.
   * torch's convolution may sum the nine products in another order, which can move a rounding
   * across .5: the golden test allows one level there.
   */
  public static RasterImage sharpness(RasterImage img, double factor) {
    int w = img.width();
    int h = img.height();
    if (w <= 2 || h <= 2) {
      return img;
    }
    int c = img.channels();
    byte[] in = img.pixels();
    byte[] blurred = in.clone();
    float side = 1f / 13f;
    float center = 5f / 13f;
    for (int y = 1; y < h - 1; y++) {
      for (int x = 1; x < w - 1; x++) {
        for (int ch = 0; ch < c; ch++) {
          float s = 0f;
          for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
              float k = dx == 0 && dy == 0 ? center : side;
              s += k * (in[((y + dy) * w + x + dx) * c + ch] & 0xff);
            }
          }
          blurred[(y * w + x) * c + ch] = (byte) roundToByte(s);
        }
      }
    }
    return blend(img, blurred, c, 0f, factor);
  }

  /** {@code posterize}: keep the top {@code bits} bits ({@code img & -(2^(8 - bits))}). */
  public static RasterImage posterize(RasterImage img, int bits) {
    if (bits < 0 || bits > 8) {
      throw new IllegalArgumentException("posterize bits must be in [0, 8], got " + bits);
    }
    int mask = -(1 << (8 - bits)) & 0xff;
    byte[] out = img.pixels().clone();
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (out[i] & mask);
    }
    return new RasterImage(img.width(), img.height(), img.channels(), out);
  }

  /** {@code solarize}: invert the values at or above the threshold (compared in float32). */
  public static RasterImage solarize(RasterImage img, double threshold) {
    if (threshold > 255) {
      throw new IllegalArgumentException("solarize threshold must be <= 255, got " + threshold);
    }
    float t = (float) threshold;
    byte[] out = img.pixels().clone();
    for (int i = 0; i < out.length; i++) {
      int v = out[i] & 0xff;
      out[i] = (byte) ((float) v >= t ? 255 - v : v);
    }
    return new RasterImage(img.width(), img.height(), img.channels(), out);
  }

  /**
   * {@code autocontrast}, per channel: {@code (x - min) * (255 / (max - min))} in float32, clamped
   * and truncated; a constant channel (infinite scale) is left as it is.
   */
  public static RasterImage autocontrast(RasterImage img) {
    int c = img.channels();
    byte[] in = img.pixels();
    byte[] out = new byte[in.length];
    for (int ch = 0; ch < c; ch++) {
      int min = 255;
      int max = 0;
      for (int i = ch; i < in.length; i += c) {
        min = Math.min(min, in[i] & 0xff);
        max = Math.max(max, in[i] & 0xff);
      }
      float lo = min;
      float scale = 255f / (float) (max - min);
      if (Float.isInfinite(scale)) {
        lo = 0f;
        scale = 1f;
      }
      for (int i = ch; i < in.length; i += c) {
        out[i] = (byte) clampTruncate(((in[i] & 0xff) - lo) * scale);
      }
    }
    return new RasterImage(img.width(), img.height(), c, out);
  }

  /**
   * {@code equalize}, per channel ({@code _scale_channel}): step = (count of all pixels but those
   * of the highest present value) / 255, floored; none when 0; otherwise lut[v] = (cumulative count
   * below v + step / 2) / step, clamped to 255. Integer arithmetic, so exact.
   */
  public static RasterImage equalize(RasterImage img) {
    int c = img.channels();
    byte[] in = img.pixels();
    byte[] out = in.clone();
    for (int ch = 0; ch < c; ch++) {
      long[] hist = new long[256];
      for (int i = ch; i < in.length; i += c) {
        hist[in[i] & 0xff]++;
      }
      long total = 0;
      long last = 0;
      for (long n : hist) {
        if (n != 0) {
          total += n;
          last = n;
        }
      }
      long step = (total - last) / 255;
      if (step == 0) {
        continue;
      }
      int[] lut = new int[256];
      long cum = 0;
      for (int v = 0; v < 256; v++) {
        // the lut is shifted by one: value v maps to the cumulative count below it
        lut[v] = (int) Math.min(255, (cum + step / 2) / step);
        cum += hist[v];
      }
      for (int i = ch; i < in.length; i += c) {
        out[i] = (byte) lut[in[i] & 0xff];
      }
    }
    return new RasterImage(img.width(), img.height(), c, out);
  }

  /** {@code invert}: 255 - x. */
  public static RasterImage invert(RasterImage img) {
    byte[] out = img.pixels().clone();
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (255 - (out[i] & 0xff));
    }
    return new RasterImage(img.width(), img.height(), img.channels(), out);
  }
}
