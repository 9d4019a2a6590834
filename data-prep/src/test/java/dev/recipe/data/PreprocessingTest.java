package dev.recipe.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.recipe.core.spec.PreprocessSpec;
import dev.recipe.data.Preprocessing.Interpolation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreprocessingTest {

  private static RasterImage gray(int w, int h, int... values) {
    byte[] px = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      px[i] = (byte) values[i];
    }
    return new RasterImage(w, h, 1, px);
  }

  private static int[] values(RasterImage img) {
    int[] out = new int[img.pixels().length];
    for (int i = 0; i < out.length; i++) {
      out[i] = img.pixels()[i] & 0xff;
    }
    return out;
  }

  @Test
  void bilinearUpscaleMatchesTorchHalfPixel() {
    // torch.nn.functional.interpolate([[0,100],[200,240]], size=(4,4), mode="bilinear",
    // align_corners=False) rounded half up: source x = (d + 0.5) / 2 - 0.5 -> 0 (clamped), 0.25, 0.75, 1 (clamped)
    RasterImage up = Preprocessing.resizeBilinear(gray(2, 2, 0, 100, 200, 240), 4, 4);
    assertArrayEquals(new int[] {
        0, 25, 75, 100,
        50, 71, 114, 135,
        150, 164, 191, 205,
        200, 210, 230, 240}, values(up));
  }

  @Test
  void bilinearHalvingAveragesBlocks() {
    RasterImage down = Preprocessing.resizeBilinear(gray(4, 2, 0, 10, 100, 110, 20, 30, 120, 130), 2, 1);
    assertArrayEquals(new int[] {15, 115}, values(down));
  }

  @Test
  void shorterSideAndCenterCropFollowTorchvision() {
    assertArrayEquals(new int[] {341, 256}, Preprocessing.shorterSideSize(500, 375, 256));
    assertArrayEquals(new int[] {256, 384}, Preprocessing.shorterSideSize(200, 300, 256));
    // (5 - 2) / 2 = 1.5 rounds half-even to 2, as Python's round()
    RasterImage c = Preprocessing.centerCrop(gray(5, 1, 1, 2, 3, 4, 5), 2, 1);
    assertArrayEquals(new int[] {3, 4}, values(c));
    RasterImage padded = Preprocessing.centerCrop(gray(1, 1, 9), 3, 3);
    assertArrayEquals(new int[] {0, 0, 0, 0, 9, 0, 0, 0, 0}, values(padded));
  }

  @Test
  void applyGivesNormalizedChwOnAKnownImage() {
    Preprocessing p = new Preprocessing(null, 2, Interpolation.BILINEAR,
        new double[] {0.5, 0.25, 0.0}, new double[] {0.5, 0.25, 1.0}, 3);
    // a 1x... gray 3x3 image becomes RGB, then center crop 2x2 at offset round(0.5)=0
    float[] out = p.apply(gray(3, 3, 0, 255, 0, 51, 102, 0, 0, 0, 0));
    assertEquals(12, out.length);
    float[] expectedPlane0 = {-1f, 1f, (float) ((51 / 255.0 - 0.5) / 0.5), (float) ((102 / 255.0 - 0.5) / 0.5)};
    for (int i = 0; i < 4; i++) {
      assertEquals(expectedPlane0[i], out[i], 1e-6);
    }
    assertEquals(3f, out[4 + 1], 1e-6); // (1 - 0.25) / 0.25
    assertEquals(1f, out[8 + 1], 1e-6);
    assertEquals(2, p.outputWidth(3, 3));
  }

  @Test
  void ofTakesManifestStatisticsUnlessTheSpecGivesThem() {
    Manifest m = new Manifest(1, "t", List.of("a"), null, 1, 28, 28, Map.of(),
        new Manifest.Statistics(new double[] {0.3}, new double[] {0.2}, 10), null);
    Preprocessing fromData = Preprocessing.of(new PreprocessSpec(32, 28, null, null, null), m);
    assertArrayEquals(new double[] {0.3}, fromData.mean());
    assertEquals(Interpolation.BILINEAR, fromData.interpolation());
    Preprocessing fromSpec = Preprocessing.of(
        new PreprocessSpec(null, null, "nearest", List.of(0.5), List.of(0.25)), m);
    assertArrayEquals(new double[] {0.25}, fromSpec.std());
    assertEquals(Interpolation.NEAREST, fromSpec.interpolation());
  }

  /** The table-driven normalization gives exactly the floats of the formula it replaced. */
  @org.junit.jupiter.api.Test
  void normalizeEqualsTheFormulaForEveryByte() {
    double[] mean = {0.485, 0.456, 0.406};
    double[] std = {0.229, 0.224, 0.225};
    Preprocessing p = new Preprocessing(null, null, Preprocessing.Interpolation.BILINEAR, mean, std, 3);
    byte[] px = new byte[256 * 3];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) (i * 7 + i / 3);
    }
    float[] out = p.normalize(new RasterImage(256, 1, 3, px));
    for (int i = 0; i < 256; i++) {
      for (int ch = 0; ch < 3; ch++) {
        float expected = (float) ((px[i * 3 + ch] & 0xff) * (1.0 / (255.0 * std[ch])) + -mean[ch] / std[ch]);
        org.junit.jupiter.api.Assertions.assertEquals(Float.floatToIntBits(expected),
            Float.floatToIntBits(out[ch * 256 + i]), "pixel " + i + " channel " + ch);
      }
    }
  }

  /** The resize as it was first written, per output value: the reference the faster one must equal. */
  private static byte[] referenceBilinear(RasterImage image, int width, int height) {
    int c = image.channels();
    int inW = image.width();
    int inH = image.height();
    byte[] in = image.pixels();
    byte[] out = new byte[width * height * c];
    for (int y = 0; y < height; y++) {
      double sy = Math.max(0.0, (y + 0.5) * ((double) inH / height) - 0.5);
      int ly = Math.min((int) sy, inH - 1);
      int hy = Math.min(ly + 1, inH - 1);
      float wy = (float) (sy - ly);
      for (int x = 0; x < width; x++) {
        double sx = Math.max(0.0, (x + 0.5) * ((double) inW / width) - 0.5);
        int lx = Math.min((int) sx, inW - 1);
        int hx = Math.min(lx + 1, inW - 1);
        float wx = (float) (sx - lx);
        for (int ch = 0; ch < c; ch++) {
          float p00 = in[(ly * inW + lx) * c + ch] & 0xff;
          float p01 = in[(ly * inW + hx) * c + ch] & 0xff;
          float p10 = in[(hy * inW + lx) * c + ch] & 0xff;
          float p11 = in[(hy * inW + hx) * c + ch] & 0xff;
          float top = p00 + (p01 - p00) * wx;
          float bottom = p10 + (p11 - p10) * wx;
          float v = top + (bottom - top) * wy;
          out[(y * width + x) * c + ch] = (byte) Math.min(255, (int) (v + 0.5f));
        }
      }
    }
    return out;
  }

  /** The row-cached bilinear resize gives exactly the reference's bytes, up and down, 1 and 3 channels. */
  @org.junit.jupiter.api.Test
  void bilinearResizeEqualsTheReferenceExactly() {
    java.util.Random r = new java.util.Random(5);
    int[][] sizes = {{300, 250, 224, 224}, {150, 90, 224, 224}, {7, 5, 3, 11}, {64, 64, 64, 64}, {500, 375, 37, 230}};
    for (int c : new int[] {1, 3}) {
      for (int[] sz : sizes) {
        byte[] px = new byte[sz[0] * sz[1] * c];
        r.nextBytes(px);
        RasterImage img = new RasterImage(sz[0], sz[1], c, px);
        org.junit.jupiter.api.Assertions.assertArrayEquals(referenceBilinear(img, sz[2], sz[3]),
            Preprocessing.resizeBilinear(img, sz[2], sz[3]).pixels(), java.util.Arrays.toString(sz) + " c" + c);
      }
    }
  }
}
