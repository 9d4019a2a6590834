package dev.recipe.data;

/**
 * The bilinear resize kernel behind {@link Preprocessing#resizeBilinear} and the training input's
 * fused resize-and-normalize: PyTorch's {@code interpolate(mode="bilinear", align_corners=False,
 * antialias=False)} with half-pixel centers, in float, each source row interpolated once.
 */
final class Bilinear {
  private Bilinear() {}

  /** A resized value rounded half up to 8 bits, as a PIL pipeline stores it. */
  static byte toByte(float v) {
    return (byte) Math.min(255, (int) (v + 0.5f));
  }

  /**
   * Receives each output row of {@link #rows} as its two horizontally interpolated source rows
   * and the vertical weight: the value at i is {@code top[i] + (bottom[i] - top[i]) * wy} (buffers
   * are reused).
   */
  interface RowSink {
    void row(int y, float[] top, float[] bottom, float wy);
  }

  /**
   * The bilinear resize, row by row. The horizontal interpolation of a source row is the same for
   * every output row that uses it, so it is computed once into one of two buffers (the same float
   * operations as per value, so the same bytes).
   */
  static void rows(RasterImage image, int width, int height, RowSink sink) {
    int c = image.channels();
    int inW = image.width();
    int inH = image.height();
    int[] x0 = new int[width];
    int[] x1 = new int[width];
    float[] fx = new float[width];
    axis(inW, width, x0, x1, fx);
    for (int x = 0; x < width; x++) { // byte offsets within a row
      x0[x] *= c;
      x1[x] *= c;
    }
    int[] y0 = new int[height];
    int[] y1 = new int[height];
    float[] fy = new float[height];
    axis(inH, height, y0, y1, fy);
    byte[] in = image.pixels();
    // two interpolated source rows, each held until neither of the next output row's rows is it
    float[][] buf = {new float[width * c], new float[width * c]};
    int[] held = {-1, -1};
    for (int y = 0; y < height; y++) {
      float[] top = null;
      float[] bottom = null;
      for (int k = 0; k < 2; k++) {
        int want = k == 0 ? y0[y] : y1[y];
        int slot = held[0] == want ? 0 : held[1] == want ? 1 : -1;
        if (slot < 0) {
          // refill the slot that does not hold the other row this output row needs
          int other = k == 0 ? y1[y] : y0[y];
          slot = held[0] == other ? 1 : 0;
          horizontal(in, want * inW * c, c, x0, x1, fx, buf[slot]);
          held[slot] = want;
        }
        if (k == 0) {
          top = buf[slot];
        } else {
          bottom = buf[slot];
        }
      }
      sink.row(y, top, bottom, fy[y]);
    }
  }

  /**
   * One source row (starting at byte {@code base}) interpolated at every output column:
   * {@code p0 + (p1 - p0) * wx} per channel; RGB unrolled, the hot case of training input.
   */
  private static void horizontal(byte[] in, int base, int c, int[] x0, int[] x1, float[] fx,
      float[] dst) {
    if (c == 3) {
      for (int x = 0, d = 0; x < x0.length; x++, d += 3) {
        float wx = fx[x];
        int a = base + x0[x];
        int b = base + x1[x];
        dst[d] = lerp(in[a] & 0xff, in[b] & 0xff, wx);
        dst[d + 1] = lerp(in[a + 1] & 0xff, in[b + 1] & 0xff, wx);
        dst[d + 2] = lerp(in[a + 2] & 0xff, in[b + 2] & 0xff, wx);
      }
      return;
    }
    for (int x = 0; x < x0.length; x++) {
      float wx = fx[x];
      int a = base + x0[x];
      int b = base + x1[x];
      for (int ch = 0; ch < c; ch++) {
        dst[x * c + ch] = lerp(in[a + ch] & 0xff, in[b + ch] & 0xff, wx);
      }
    }
  }

  private static float lerp(float p0, float p1, float w) {
    return p0 + (p1 - p0) * w;
  }

  /** Source indices and weights of one axis (PyTorch's area_pixel_compute_source_index). */
  private static void axis(int in, int out, int[] i0, int[] i1, float[] frac) {
    double scale = (double) in / out;
    for (int d = 0; d < out; d++) {
      double src = Math.max(0.0, (d + 0.5) * scale - 0.5);
      int lo = Math.min((int) src, in - 1);
      i0[d] = lo;
      i1[d] = Math.min(lo + 1, in - 1);
      frac[d] = (float) (src - lo);
    }
  }
}
