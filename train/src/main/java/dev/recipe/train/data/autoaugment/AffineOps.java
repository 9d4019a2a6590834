package dev.recipe.train.data.autoaugment;

import dev.recipe.data.RasterImage;

/**
 * torchvision's tensor {@code affine} and {@code rotate} (no expand): the inverse matrix of
 * {@code _get_inverse_affine_matrix} in double, rounded to a float32 theta; {@code _gen_affine_grid}
 * (pixel-centre base grid times theta scaled by the half size, summed x, then y, then the constant,
 * as torch's matmul does here: checked equal on every grid point of the golden cases); then
 * {@code grid_sample(padding zeros, align_corners False)} as ATen's vectorized CPU kernel computes
 * it: source = (g + 1) * (size / 2) - 0.5, nearest rounds half to even, bilinear weighs the four
 * neighbours; a fill goes through the extra mask channel; the result is rounded to uint8.
 *
 * <p>GCC contracts that kernel's vector multiply-adds into FMA instructions (the AVX2 build of
 * Debian's torch 1.13): the unnormalization and the bilinear sum nw*v + ne*v + sw*v + se*v are
 * fused, so they are written with {@link Math#fma} here. Unfused, 730 of 11,520 sampled floats of
 * a bilinear shear test differed in the last bit (and a few bytes after rounding); fused, none.
 */
public final class AffineOps {
  private AffineOps() {}

  /** Sampling of the transformed image. */
  public enum Interpolation { NEAREST, BILINEAR }

  /**
   * {@code _get_inverse_affine_matrix(center, angle, translate, scale, shear)}, center relative to
   * the image centre, angles in degrees, in Python's order of double operations.
   */
  static double[] inverseMatrix(double cx, double cy, double angle, double tx, double ty,
      double scale, double shearX, double shearY) {
    double rot = Math.toRadians(angle);
    double sx = Math.toRadians(shearX);
    double sy = Math.toRadians(shearY);
    double a = Math.cos(rot - sy) / Math.cos(sy);
    double b = -Math.cos(rot - sy) * Math.tan(sx) / Math.cos(sy) - Math.sin(rot);
    double c = Math.sin(rot - sy) / Math.cos(sy);
    double d = -Math.sin(rot - sy) * Math.tan(sx) / Math.cos(sy) + Math.cos(rot);
    double[] m = {d / scale, -b / scale, 0.0 / scale, -c / scale, a / scale, 0.0 / scale};
    m[2] += m[0] * (-cx - tx) + m[1] * (-cy - ty);
    m[5] += m[3] * (-cx - tx) + m[4] * (-cy - ty);
    m[2] += cx;
    m[5] += cy;
    return m;
  }

  /** {@code F.affine} on a tensor with the given shear (degrees), translation and rotation. */
  public static RasterImage affine(RasterImage img, double angle, double tx, double ty,
      double shearX, double shearY, boolean cornerCenter, Interpolation mode, float[] fill) {
    // center=[0, 0] (the ShearX/ShearY ops) is the top-left corner: -size/2 from the centre
    double cx = cornerCenter ? -img.width() * 0.5 : 0.0;
    double cy = cornerCenter ? -img.height() * 0.5 : 0.0;
    return sample(img, inverseMatrix(cx, cy, angle, tx, ty, 1.0, shearX, shearY), mode, fill);
  }

  /** {@code F.rotate(angle)} (counter-clockwise degrees, about the centre, same size). */
  public static RasterImage rotate(RasterImage img, double angle, Interpolation mode, float[] fill) {
    return sample(img, inverseMatrix(0, 0, -angle, 0, 0, 1.0, 0, 0), mode, fill);
  }

  /**
   * Grid generation and sampling.
   *
   * @param fill null (zeros outside), or one value for all channels or one per channel
   */
  static RasterImage sample(RasterImage img, double[] matrix, Interpolation mode, float[] fill) {
    int w = img.width();
    int h = img.height();
    int c = img.channels();
    if (fill != null && fill.length != 1 && fill.length != c) {
      throw new IllegalArgumentException("fill has " + fill.length + " values for " + c
          + " channels");
    }
    float hw = (float) (0.5 * w);
    float hh = (float) (0.5 * h);
    // theta^T divided by [w/2, h/2], in float32
    float r00 = (float) matrix[0] / hw;
    float r10 = (float) matrix[1] / hw;
    float r20 = (float) matrix[2] / hw;
    float r01 = (float) matrix[3] / hh;
    float r11 = (float) matrix[4] / hh;
    float r21 = (float) matrix[5] / hh;
    float scaleX = (float) w / 2;
    float scaleY = (float) h / 2;
    byte[] in = img.pixels();
    byte[] out = new byte[in.length];
    float[] v = new float[c];
    for (int oy = 0; oy < h; oy++) {
      // linspace(-oh/2 + 0.5, oh/2 - 0.5, oh): exact pixel centres
      float by = (float) (oy - h * 0.5 + 0.5);
      for (int ox = 0; ox < w; ox++) {
        float bx = (float) (ox - w * 0.5 + 0.5);
        float gx = bx * r00 + by * r10 + r20;
        float gy = bx * r01 + by * r11 + r21;
        // the compiled kernel fuses the multiply-subtract of the unnormalization (see the class)
        float sx = Math.fma(gx + 1f, scaleX, -0.5f);
        float sy = Math.fma(gy + 1f, scaleY, -0.5f);
        float mask = mode == Interpolation.NEAREST
            ? nearest(in, w, h, c, sx, sy, v)
            : bilinear(in, w, h, c, sx, sy, v);
        int o = (oy * w + ox) * c;
        for (int ch = 0; ch < c; ch++) {
          float value = v[ch];
          if (fill != null) {
            float f = fill[fill.length == 1 ? 0 : ch];
            value = mode == Interpolation.NEAREST
                ? (mask < 0.5f ? f : value)
                : value * mask + (1f - mask) * f;
          }
          out[o + ch] = (byte) PixelOps.roundToByte(value);
        }
      }
    }
    return new RasterImage(w, h, c, out);
  }

  /** Nearest neighbour (half to even); returns the mask channel's value (1 inside, 0 outside). */
  private static float nearest(byte[] in, int w, int h, int c, float sx, float sy, float[] v) {
    float rx = (float) Math.rint(sx);
    float ry = (float) Math.rint(sy);
    boolean inside = rx > -1f && rx < w && ry > -1f && ry < h;
    int o = inside ? ((int) ry * w + (int) rx) * c : 0;
    for (int ch = 0; ch < c; ch++) {
      v[ch] = inside ? in[o + ch] & 0xff : 0f;
    }
    return inside ? 1f : 0f;
  }

  /** Bilinear with zero padding; returns the mask channel's value (the in-image weight). */
  private static float bilinear(byte[] in, int w, int h, int c, float sx, float sy, float[] v) {
    float xw = (float) Math.floor(sx);
    float yn = (float) Math.floor(sy);
    float fw = sx - xw;
    float fe = 1f - fw;
    float fn = sy - yn;
    float fs = 1f - fn;
    float nw = fs * fe;
    float ne = fs * fw;
    float sw = fn * fe;
    float se = fn * fw;
    int x0 = (int) xw;
    int y0 = (int) yn;
    boolean west = x0 > -1 && x0 < w;
    boolean east = x0 + 1 > -1 && x0 + 1 < w;
    boolean north = y0 > -1 && y0 < h;
    boolean south = y0 + 1 > -1 && y0 + 1 < h;
    for (int ch = 0; ch < c; ch++) {
      float vnw = north && west ? in[(y0 * w + x0) * c + ch] & 0xff : 0f;
      float vne = north && east ? in[(y0 * w + x0 + 1) * c + ch] & 0xff : 0f;
      float vsw = south && west ? in[((y0 + 1) * w + x0) * c + ch] & 0xff : 0f;
      float vse = south && east ? in[((y0 + 1) * w + x0 + 1) * c + ch] & 0xff : 0f;
      v[ch] = Math.fma(vse, se, Math.fma(vsw, sw, Math.fma(vne, ne, vnw * nw)));
    }
    return (north && west ? nw : 0f) + (north && east ? ne : 0f) + (south && west ? sw : 0f)
        + (south && east ? se : 0f);
  }
}
