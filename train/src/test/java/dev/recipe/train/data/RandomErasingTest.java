package dev.recipe.train.data;

import dev.recipe.train.testing.Golden;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recipe.core.io.Json;
import dev.recipe.core.random.SplitMix;
import dev.recipe.core.spec.TrainingSpec;
import dev.recipe.core.spec.TrainingSpec.AugmentSpec;
import dev.recipe.data.Preprocessing;
import dev.recipe.data.RasterImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** random-erasing: torchvision's erase (golden), get_params' structure, the spec, the pipeline. */
class RandomErasingTest {

  private static AugmentSpec spec(String yaml) throws Exception {
    return Json.yaml().readValue(yaml, AugmentSpec.class);
  }

  @Test
  void eraseMatchesTorchvisionExactly() {
    JsonNode g = Golden.augment().get("erasing");
    float[] input = Golden.decimalFloats(g.get("input"));
    int c = g.get("channels").asInt();
    int h = g.get("height").asInt();
    int w = g.get("width").asInt();
    for (JsonNode k : g.get("cases")) {
      float[] x = input.clone();
      List<Double> v = new ArrayList<>();
      k.get("value").forEach(n -> v.add(n.asDouble()));
      RandomErasing.erase(x, c, h, w, k.get("i").asInt(), k.get("j").asInt(), k.get("h").asInt(),
          k.get("w").asInt(), v);
      assertArrayEquals(Golden.decimalFloats(k.get("output")), x, 0f, k.toString());
    }
  }

  @Test
  void specDefaultsAreTorchvisionsAndValueIsChecked() throws Exception {
    AugmentSpec s = spec("{name: random-erasing}");
    assertEquals(0.5, s.p());
    assertEquals(List.of(0.02, 0.33), s.scale());
    assertEquals(List.of(0.3, 3.3), s.ratio());
    assertEquals(List.of(0.0), s.erasingValue());
    assertEquals(List.of(0.5, 1.0, 2.0), spec("{name: random-erasing, value: [0.5, 1, 2]}")
        .erasingValue());
    Exception e = assertThrows(Exception.class, () -> spec("{name: random-erasing, value: random}"));
    assertTrue(String.valueOf(e.getCause()).contains("'random'"), e.toString());
    assertThrows(Exception.class, () -> spec("{name: random-erasing, scale: [0.5, 0.1]}"));
    assertThrows(Exception.class, () -> spec("{name: random-erasing, value: [1, x]}"));
    // it works on the normalized tensor, so it must come last
    assertThrows(IllegalArgumentException.class, () -> new TrainingSpec(null, null, null, null,
        null, null, null, List.of(spec("{name: random-erasing}"), spec("{name: horizontal-flip}")),
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null));
  }

  @Test
  void paramsFitTheImageAndFollowTheDrawStructure() {
    RandomErasing e = new RandomErasing(1.0, 0.02, 0.33, 0.3, 3.3, List.of(0.0));
    SplitMix r = new SplitMix(5);
    for (int n = 0; n < 500; n++) {
      int[] b = e.params(20, 24, r);
      assertNotNull(b);
      assertTrue(b[2] < 20 && b[3] < 24 && b[0] + b[2] <= 20 && b[1] + b[3] <= 24,
          Arrays.toString(b));
    }
    // the first attempt's two uniforms, then top and left: replay them by hand
    SplitMix a = new SplitMix(9);
    SplitMix b = new SplitMix(9);
    int[] box = e.params(100, 100, a);
    double area = 10000 * (0.02 + 0.31 * b.nextDouble());
    double aspect = Math.exp(Math.log(0.3) + (Math.log(3.3) - Math.log(0.3)) * b.nextDouble());
    int h = (int) Math.rint(Math.sqrt(area * aspect));
    int w = (int) Math.rint(Math.sqrt(area / aspect));
    assertArrayEquals(new int[] {b.nextInt(100 - h + 1), b.nextInt(100 - w + 1), h, w}, box);
    // nothing fits a 1-pixel-wide image (w must be < 1 and h >= 1 ... or 0-area boxes): no-op
    RandomErasing big = new RandomErasing(1.0, 0.9, 1.0, 1.0, 1.0, List.of(0.0));
    assertNull(big.params(3, 3, new SplitMix(1)));
  }

  @Test
  void erasesAfterNormalizationWithTheGivenProbability() throws Exception {
    Preprocessing pre = new Preprocessing(null, null, Preprocessing.Interpolation.BILINEAR,
        new double[] {0.5}, new double[] {0.25}, 1);
    byte[] px = new byte[16 * 16];
    Arrays.fill(px, (byte) 255);
    RasterImage img = new RasterImage(16, 16, 1, px);
    SampleTransform t = SampleTransform.train(List.of(spec("{name: horizontal-flip}"),
        spec("{name: random-erasing, p: 0.5, value: -7}")), pre);
    int erased = 0;
    for (int seed = 0; seed < 400; seed++) {
      float[] out = t.apply(img, new SplitMix(seed));
      long sevens = 0;
      for (float f : out) {
        assertTrue(f == 2f || f == -7f, "normalized 255 is (1 - 0.5) / 0.25 = 2, erased is -7");
        sevens += f == -7f ? 1 : 0;
      }
      erased += sevens > 0 ? 1 : 0;
    }
    assertTrue(erased > 160 && erased < 240, "p = 0.5: " + erased + " of 400 erased");
    // p = 0 changes nothing and draws nothing beyond the p draw
    SampleTransform none = SampleTransform.train(List.of(spec("{name: random-erasing, p: 0}")), pre);
    for (float f : none.apply(img, new SplitMix(3))) {
      assertEquals(2f, f);
    }
    // a value per channel must match the channels
    assertThrows(IllegalArgumentException.class, () -> SampleTransform.train(
        List.of(spec("{name: random-erasing, value: [1, 2, 3]}")), pre));
  }
}
