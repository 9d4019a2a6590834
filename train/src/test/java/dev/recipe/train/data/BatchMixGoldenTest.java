package dev.recipe.train.data;

import static dev.recipe.train.testing.Golden.floats;
import static dev.recipe.train.testing.Golden.ints;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recipe.train.testing.Golden;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Mixup and cutmix against torchvision's reference code run by PyTorch for given draws
 * (scripts/make_training_golden.py): images and targets bit for bit.
 */
class BatchMixGoldenTest {
  private final JsonNode mix = Golden.training().get("mix");

  private HostBatch batch() {
    int[] shape = ints(mix.get("shape"));
    int[] labels = ints(mix.get("labels"));
    return new HostBatch(floats(mix.get("images")), labels, new int[labels.length], shape[1], shape[2], shape[3]);
  }

  @Test
  void mixupAndCutmixMatchTorchvisionBitForBit() {
    HostBatch b = batch();
    int classes = mix.get("classes").asInt();
    BatchMix m = new BatchMix(0.2, 1.0, classes, b.size());
    int checked = 0;
    for (JsonNode c : mix.get("cases")) {
      float[] images = b.images().clone();
      double lambda = c.get("lambda").asDouble();
      if (c.get("kind").asText().equals("cutmix")) {
        lambda = m.cutmix(b, images, 0, lambda, c.get("rx").asInt(), c.get("ry").asInt());
        assertEquals(c.get("lambdaAfter").asDouble(), lambda, 0.0, "cutmix's corrected lambda");
      } else {
        m.mixup(b, images, 0, lambda);
      }
      float[] targets = new float[b.size() * classes];
      int[] labels = new int[b.size()];
      m.mixTargets(b.labels(), targets, labels, 0, lambda);
      assertArrayEquals(floats(c.get("images")), images, 0f, c.get("kind") + " images, lambda " + lambda);
      assertArrayEquals(floats(c.get("targets")), targets, 0f, c.get("kind") + " targets, lambda " + lambda);
      checked++;
    }
    assertEquals(5, checked);
  }

  @Test
  void eachGroupMixesOnItsOwnAndDrawsAreDeterministic() {
    HostBatch b = batch();
    HostBatch two = new HostBatch(concat(b.images(), b.images()), new int[] {0, 3, 3, 1, 0, 3, 3, 1},
        new int[8], b.channels(), b.height(), b.width());
    BatchMix m = new BatchMix(0.2, 1.0, 5, 4);
    HostBatch x = m.apply(two, 42, 3, 17);
    HostBatch y = m.apply(two, 42, 3, 17);
    assertArrayEquals(x.images(), y.images(), 0f);
    assertArrayEquals(x.targets(), y.targets(), 0f);
    // groups draw from their own generators: the two halves differ although their inputs are equal
    int half = 4 * b.imageSize();
    assertNotEquals(Arrays.toString(Arrays.copyOf(x.images(), half)),
        Arrays.toString(Arrays.copyOfRange(x.images(), half, 2 * half)));
    // every target row is a distribution; labels are the rows' largest entries
    for (int i = 0; i < 8; i++) {
      double sum = 0;
      for (int c = 0; c < 5; c++) {
        sum += x.targets()[i * 5 + c];
        assertTrue(x.targets()[i * 5 + c] <= x.targets()[i * 5 + x.labels()[i]]);
      }
      assertEquals(1.0, sum, 1e-6);
    }
    assertNotEquals(Arrays.toString(x.images()), Arrays.toString(m.apply(two, 42, 3, 18).images()));
  }

  @Test
  void betaDrawsHaveTheRightMean() {
    for (double alpha : new double[] {0.2, 1.0, 2.5}) {
      dev.recipe.core.random.SplitMix r = new dev.recipe.core.random.SplitMix(alpha > 1 ? 5 : 9);
      double sum = 0;
      double sq = 0;
      int n = 20000;
      for (int i = 0; i < n; i++) {
        double l = BatchMix.beta(r, alpha);
        assertTrue(l >= 0 && l <= 1, "lambda " + l);
        sum += l;
        sq += l * l;
      }
      double mean = sum / n;
      double var = sq / n - mean * mean;
      assertEquals(0.5, mean, 0.01, "Beta(a, a) has mean 1/2, alpha " + alpha);
      assertEquals(1.0 / (4 * (2 * alpha + 1)), var, 0.01, "Beta(a, a) variance, alpha " + alpha);
    }
  }

  private static float[] concat(float[] a, float[] b) {
    float[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
