package dev.recipe.train.data;

import static dev.recipe.train.testing.Golden.ints;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recipe.core.RecipeException;
import dev.recipe.train.testing.Golden;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The epoch order, plain and with torchvision's repeated-augmentation sampler. */
class EpochOrderTest {

  /**
   * Each device's part of every global batch is exactly what torchvision's RASampler hands that
   * rank (scripts/make_training_golden.py ran the sampler on the same shuffle).
   */
  @Test
  void repeatedAugmentationMatchesTorchvisionsRaSampler() {
    for (JsonNode c : Golden.training().get("raSampler")) {
      int n = c.get("n").asInt();
      int d = c.get("replicas").asInt();
      int reps = c.get("repetitions").asInt();
      int[] perm = ints(c.get("perm"));
      for (int[] ba : new int[][] {{5, 1}, {4, 3}}) {
        int b = ba[0];
        int a = ba[1];
        int[] order = EpochOrder.repeated(perm, reps, d, b, a);
        int kept = c.get("perReplica").get(0).size();
        assertEquals(kept / (b * a) * b * a * d, order.length, "whole steps of every device's list");
        for (int dev = 0; dev < d; dev++) {
          int[] expected = ints(c.get("perReplica").get(dev));
          int[] got = new int[order.length / d];
          for (int k = 0; k < order.length / (b * a * d); k++) {
            for (int m = 0; m < a; m++) {
              for (int j = 0; j < b; j++) {
                int i = (k * a + m) * b + j;
                got[i] = EpochOrder.position(order[k * b * a * d + (m * d + dev) * b + j], n);
              }
            }
          }
          int[] prefix = java.util.Arrays.copyOf(expected, got.length);
          assertArrayEquals(prefix, got, "device " + dev + " of " + d + ", n " + n + ", R " + reps);
        }
        // the copies of one image are distinct entries, so each is augmented differently
        Set<Integer> seen = new HashSet<>();
        int repeats = 0;
        for (int e : order) {
          repeats += seen.add(e) ? 0 : 1;
        }
        assertTrue(repeats <= d, "only the padding repeats an entry, got " + repeats);
      }
    }
  }

  @Test
  void tooFewImagesForTheSamplerIsABadInputNamingTheKey() {
    var spec = dev.recipe.train.testing.Fixtures.spec(
        "{batchSize: 8, devices: 2, repeatedAugmentations: 4}");
    Executable e = () -> EpochOrder.stepsPerEpoch(spec, 200); // under 256: nothing kept
    RecipeException ex = org.junit.jupiter.api.Assertions.assertThrows(RecipeException.class, e);
    assertTrue(ex.getMessage().startsWith("training.repeatedAugmentations"), ex.getMessage());
    // 512 images: each device keeps 256, a step takes 8 of them
    assertEquals(32, EpochOrder.stepsPerEpoch(spec, 512));
  }
}
