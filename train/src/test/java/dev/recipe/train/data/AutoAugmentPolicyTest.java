package dev.recipe.train.data;

import dev.recipe.train.testing.Golden;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recipe.core.io.Json;
import dev.recipe.core.random.SplitMix;
import dev.recipe.core.spec.TrainingSpec.AugmentSpec;
import dev.recipe.data.RasterImage;
import dev.recipe.train.data.autoaugment.AffineOps.Interpolation;
import dev.recipe.train.data.autoaugment.MagnitudeSpace;
import dev.recipe.train.data.autoaugment.Op;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The three policies: their float32 magnitude tables against torchvision's (golden), and their draw
 * structure, replayed by hand from the same generator (op index, magnitude bin, sign; AutoAugment's
 * sub-policy, two probabilities, two signs), with determinism, reachability and frequencies.
 */
class AutoAugmentPolicyTest {
  private static final RasterImage RGB = Golden.image(Golden.augment().get("images").get("rgb"));

  private static AugmentSpec spec(String yaml) throws Exception {
    return Json.yaml().readValue(yaml, AugmentSpec.class);
  }

  @Test
  void magnitudeTablesAreTorchvisionsBitForBit() {
    JsonNode spaces = Golden.augment().get("spaces");
    // the golden tables were built for an image 20 high and 24 wide
    Map<String, MagnitudeSpace> ours = Map.of(
        "trivial-augment-wide", MagnitudeSpace.trivialAugmentWide(31),
        "rand-augment", MagnitudeSpace.randAugment(31, 20, 24, false),
        "auto-augment", MagnitudeSpace.randAugment(10, 20, 24, true));
    ours.forEach((name, space) -> {
      List<String> names = space.entries().stream().map(e -> e.op().torchName()).toList();
      List<String> theirs = new java.util.ArrayList<>();
      spaces.get(name).fieldNames().forEachRemaining(theirs::add);
      assertEquals(theirs, names, name + ": ops in torchvision's order");
      for (MagnitudeSpace.Entry e : space.entries()) {
        JsonNode t = spaces.get(name).get(e.op().torchName());
        assertEquals(t.get("signed").asBoolean(), e.signed(), name + " " + e.op());
        assertArrayEquals(Golden.decimalFloats(t.get("values")), e.values(), 0f, name + " " + e.op());
      }
    });
  }

  @Test
  void trivialAugmentWideDrawsOpBinAndSign() throws Exception {
    Augmentation t = Augmentation.of(spec("{name: trivial-augment-wide}"));
    MagnitudeSpace space = MagnitudeSpace.trivialAugmentWide(31);
    Map<Op, Integer> counts = new EnumMap<>(Op.class);
    int negative = 0;
    int signed = 0;
    int n = 2800;
    for (int seed = 0; seed < n; seed++) {
      SplitMix r = new SplitMix(seed);
      MagnitudeSpace.Entry e = space.entries().get(r.nextInt(14));
      double m = e.values().length > 0 ? e.values()[r.nextInt(31)] : 0;
      boolean neg = e.signed() && r.nextInt(2) == 1;
      RasterImage expected = e.op().apply(RGB, neg ? -m : m, Interpolation.NEAREST, null);
      RasterImage actual = t.apply(RGB, new SplitMix(seed));
      assertArrayEquals(expected.pixels(), actual.pixels(), "seed " + seed + " " + e.op());
      assertArrayEquals(actual.pixels(), t.apply(RGB, new SplitMix(seed)).pixels());
      counts.merge(e.op(), 1, Integer::sum);
      signed += e.signed() ? 1 : 0;
      negative += neg ? 1 : 0;
    }
    assertEquals(14, counts.size(), "every op reachable: " + counts);
    counts.values().forEach(c -> assertTrue(c > 140 && c < 260, "about 200 each: " + counts));
    assertTrue(Math.abs(negative - signed / 2.0) < 0.1 * signed, negative + " of " + signed);
  }

  @Test
  void randAugmentDrawsNumOpsOpsAtTheFixedBin() throws Exception {
    Augmentation t = Augmentation.of(spec("{name: rand-augment, numOps: 2, magnitude: 9,"
        + " interpolation: bilinear, fill: [1, 2, 3]}"));
    MagnitudeSpace space = MagnitudeSpace.randAugment(31, RGB.height(), RGB.width(), false);
    Map<Op, Integer> counts = new EnumMap<>(Op.class);
    int n = 1400;
    for (int seed = 0; seed < n; seed++) {
      SplitMix r = new SplitMix(seed);
      RasterImage expected = RGB;
      for (int k = 0; k < 2; k++) {
        MagnitudeSpace.Entry e = space.entries().get(r.nextInt(14));
        double m = e.values().length > 0 ? e.values()[9] : 0;
        boolean neg = e.signed() && r.nextInt(2) == 1;
        expected = e.op().apply(expected, neg ? -m : m, Interpolation.BILINEAR,
            new float[] {1, 2, 3});
        counts.merge(e.op(), 1, Integer::sum);
      }
      assertArrayEquals(expected.pixels(), t.apply(RGB, new SplitMix(seed)).pixels(), "seed " + seed);
    }
    assertEquals(14, counts.size(), "every op reachable: " + counts);
    counts.values().forEach(c -> assertTrue(c > 140 && c < 260, "about 200 each: " + counts));
  }

  @Test
  void autoAugmentDrawsSubPolicyProbabilitiesAndSigns() throws Exception {
    Augmentation t = Augmentation.of(spec("{name: auto-augment}"));
    int[] subPolicies = new int[25];
    int changed = 0;
    for (int seed = 0; seed < 2500; seed++) {
      SplitMix r = new SplitMix(seed);
      subPolicies[r.nextInt(25)]++;
      RasterImage out = t.apply(RGB, new SplitMix(seed));
      assertArrayEquals(out.pixels(), t.apply(RGB, new SplitMix(seed)).pixels());
      changed += java.util.Arrays.equals(out.pixels(), RGB.pixels()) ? 0 : 1;
    }
    for (int c : subPolicies) {
      assertTrue(c > 60 && c < 140, "about 100 each: " + java.util.Arrays.toString(subPolicies));
    }
    assertTrue(changed > 1500, changed + " of 2500 changed");
    // sub-policy 2 of imagenet is (Equalize 0.8, Equalize 0.6): replay a seed that draws it
    for (int seed = 0; ; seed++) {
      SplitMix r = new SplitMix(seed);
      if (r.nextInt(25) != 2) {
        continue;
      }
      double p0 = r.nextDouble();
      double p1 = r.nextDouble();
      RasterImage expected = RGB;
      if (p0 <= 0.8) {
        expected = Op.EQUALIZE.apply(expected, 0, Interpolation.NEAREST, null);
      }
      if (p1 <= 0.6) {
        expected = Op.EQUALIZE.apply(expected, 0, Interpolation.NEAREST, null);
      }
      assertArrayEquals(expected.pixels(), t.apply(RGB, new SplitMix(seed)).pixels());
      break;
    }
    // sub-policy 10 is (Rotate 0.8 bin 8, Color 0.4 bin 0); sign 0 negates
    for (int seed = 0; ; seed++) {
      SplitMix r = new SplitMix(seed);
      if (r.nextInt(25) != 10) {
        continue;
      }
      double p0 = r.nextDouble();
      r.nextDouble();
      int s0 = r.nextInt(2);
      if (p0 > 0.8) {
        continue;
      }
      MagnitudeSpace space = MagnitudeSpace.randAugment(10, RGB.height(), RGB.width(), true);
      double m = space.entry(Op.ROTATE).values()[8];
      RasterImage rotated = Op.ROTATE.apply(RGB, s0 == 0 ? -m : m, Interpolation.NEAREST, null);
      // Color at bin 0 is a factor of 1: the identity up to the float blend, which is exact here
      assertArrayEquals(rotated.pixels(), t.apply(RGB, new SplitMix(seed)).pixels());
      break;
    }
  }

  @Test
  void specDefaultsAndErrors() throws Exception {
    AugmentSpec t = spec("{name: trivial-augment-wide}");
    assertEquals(31, t.numMagnitudeBins());
    assertEquals("nearest", t.interpolation());
    assertNull(t.fillList());
    AugmentSpec r = spec("{name: rand-augment, fill: 128}");
    assertEquals(2, r.numOps());
    assertEquals(9, r.magnitude());
    assertEquals(List.of(128.0), r.fillList());
    assertEquals("imagenet", spec("{name: auto-augment}").policy());
    assertFalse(spec("{name: auto-augment, policy: svhn}").policy().isEmpty());
    for (String bad : List.of("{name: auto-augment, policy: mnist}",
        "{name: rand-augment, magnitude: 31}", "{name: trivial-augment-wide, fill: 300}",
        "{name: trivial-augment-wide, interpolation: bicubic}",
        "{name: rand-augment, numMagnitudeBins: 1}")) {
      Exception e = assertThrows(Exception.class, () -> spec(bad), bad);
      assertTrue(e.getCause() instanceof IllegalArgumentException, bad + ": " + e);
    }
  }
}
