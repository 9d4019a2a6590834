package dev.recipe.train.data;

import dev.recipe.core.random.Seeds;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recipe.core.io.Json;
import dev.recipe.core.spec.TrainingSpec.AugmentSpec;
import dev.recipe.data.RasterImage;
import dev.recipe.train.testing.Fixtures;
import dev.recipe.train.testing.TinyNets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import dev.recipe.core.random.SplitMix;
import org.junit.jupiter.api.Test;

/** Augmentations, per-sample randomness and the loader's independence from its thread count. */
class InputPipelineTest {

  private static List<AugmentSpec> augment(String yaml) throws Exception {
    return Arrays.asList(Json.yaml().readValue(yaml, AugmentSpec[].class));
  }

  @Test
  void horizontalFlipReallyFlips() {
    RasterImage img = new RasterImage(3, 1, 1, new byte[] {1, 2, 3});
    RasterImage flipped = Augmentation.horizontalFlip(1.0).apply(img, new SplitMix(1));
    assertArrayEquals(new byte[] {3, 2, 1}, flipped.pixels());
    assertArrayEquals(img.pixels(),
        Augmentation.horizontalFlip(0.0).apply(img, new SplitMix(1)).pixels());
  }

  @Test
  void padCropShiftsWithZeroPadding() {
    byte[] px = new byte[16];
    Arrays.fill(px, (byte) 9);
    RasterImage img = new RasterImage(4, 4, 1, px);
    boolean sawPadding = false;
    for (int seed = 0; seed < 20; seed++) {
      RasterImage out = Augmentation.padCrop(2).apply(img, new SplitMix(seed));
      assertEquals(4, out.width());
      for (byte b : out.pixels()) {
        assertTrue(b == 0 || b == 9);
        sawPadding |= b == 0;
      }
    }
    assertTrue(sawPadding);
  }

  @Test
  void randomResizedCropBoxesFitAndFallBackToTheCentralCrop() {
    SplitMix r = new SplitMix(3);
    for (int i = 0; i < 200; i++) {
      int[] b = RandomResizedCrop.params(40, 30, 0.08, 1.0, 0.75, 4.0 / 3, r);
      assertTrue(b[0] >= 0 && b[1] >= 0 && b[0] + b[2] <= 40 && b[1] + b[3] <= 30,
          Arrays.toString(b));
      double area = b[2] * (double) b[3] / (40 * 30);
      assertTrue(area > 0.05 && area <= 1.0);
    }
    // No attempt can fit a scale of >= 100x the image: torchvision's fallback, a central crop
    // with the aspect ratio clamped to [3/4, 4/3]: a 100x10 image gives 13x10 in the middle.
    int[] fb = RandomResizedCrop.params(100, 10, 100, 200, 0.75, 4.0 / 3, new SplitMix(1));
    assertArrayEquals(new int[] {43, 0, 13, 10}, fb);
  }

  @Test
  void batchesDependOnSeedEpochAndIndexOnlyNotOnThreads() throws Exception {
    LabeledImages data = TinyNets.data(50, 10, 1, 3, 9);
    SampleTransform t = SampleTransform.train(augment(
        "[{name: random-resized-crop, size: 8}, {name: pad-crop, padding: 1}, {name: horizontal-flip}]"),
        Fixtures.gray());
    List<float[]> one = load(data, t, 1, 0);
    List<float[]> four = load(data, t, 4, 0);
    assertEquals(one.size(), four.size());
    for (int i = 0; i < one.size(); i++) {
      assertArrayEquals(one.get(i), four.get(i));
    }
    // A resumed epoch starting at batch 2 yields exactly the remaining batches.
    List<float[]> resumed = load(data, t, 2, 2);
    assertArrayEquals(one.get(2), resumed.get(0));
    // Another epoch: another order and other draws.
    assertNotEquals(Arrays.toString(Seeds.permutation(7, 0, 50)),
        Arrays.toString(Seeds.permutation(7, 1, 50)));
  }

  private static List<float[]> load(LabeledImages data, SampleTransform t, int threads, int first) {
    List<float[]> out = new ArrayList<>();
    try (BatchLoader l = new BatchLoader(data, t, 7, 3, Seeds.permutation(7, 3, data.size()), 8, first,
        6, threads, 3)) {
      while (l.hasNext()) {
        HostBatch b = l.next();
        assertEquals(8 * 8 * 8, b.images().length);
        out.add(b.images());
      }
    }
    return out;
  }

  /**
   * The loader's path for a split (the crop's region asked for, then resize, mirror and normalize in
   * one pass) gives exactly the floats of the image-by-image path, for random-resized-crop with one
   * or two flips, RGB and gray, across many samples and draws.
   */
  @Test
  void theFusedCropFlipNormalizePathEqualsTheStepByStepOne() throws Exception {
    SplitMix content = new SplitMix(3);
    for (int channels : new int[] {1, 3}) {
      List<dev.recipe.data.Sample> samples = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        int w = 40 + content.nextInt(60);
        int h = 30 + content.nextInt(60);
        byte[] px = new byte[w * h * channels];
        for (int k = 0; k < px.length; k++) {
          px[k] = (byte) content.nextInt(256);
        }
        samples.add(new dev.recipe.data.Sample(String.valueOf(i), 0, new RasterImage(w, h, channels, px)));
      }
      LabeledImages images = LabeledImages.of(samples);
      dev.recipe.data.Preprocessing pre = new dev.recipe.data.Preprocessing(null, null,
          dev.recipe.data.Preprocessing.Interpolation.BILINEAR, channels == 1 ? new double[] {0.3} : new double[] {0.4, 0.5, 0.6},
          channels == 1 ? new double[] {0.2} : new double[] {0.2, 0.25, 0.3}, channels);
      for (String yaml : List.of("[{name: random-resized-crop, size: 24}, {name: horizontal-flip, p: 0.5}]",
          "[{name: random-resized-crop, size: 17}, {name: horizontal-flip, p: 0.7}, {name: horizontal-flip, p: 0.4}]",
          "[{name: random-resized-crop, size: 20}]")) {
        SampleTransform t = SampleTransform.train(augment(yaml), pre);
        for (int i = 0; i < samples.size(); i++) {
          for (int epoch = 0; epoch < 3; epoch++) {
            float[] fused = t.apply(images, i, Seeds.forSample(9, epoch, i));
            float[] stepwise = t.apply(images.image(i), Seeds.forSample(9, epoch, i));
            assertArrayEquals(stepwise, fused, yaml + " sample " + i + " epoch " + epoch);
          }
        }
      }
    }
  }
}
