package dev.recipe.core.random;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The written-out generator gives exactly java.util.SplittableRandom's numbers. */
class SplitMixTest {
  @Test
  void drawsEqualSplittableRandomForManySeedsAndBounds() {
    int[] bounds = {1, 2, 3, 7, 8, 10, 100, 1 << 20, 54000, Integer.MAX_VALUE, (1 << 30) + 1};
    for (long seed : new long[] {0, 1, -1, 20261126, Long.MIN_VALUE, 0x9E3779B97F4A7C15L}) {
      SplitMix ours = new SplitMix(seed);
      SplittableRandom jdk = new SplittableRandom(seed);
      for (int i = 0; i < 20000; i++) {
        switch (i % 4) {
          case 0 -> assertEquals(jdk.nextLong(), ours.nextLong());
          case 1 -> assertEquals(jdk.nextInt(), ours.nextInt());
          case 2 -> assertEquals(jdk.nextDouble(), ours.nextDouble());
          default -> {
            int b = bounds[i / 4 % bounds.length];
            assertEquals(jdk.nextInt(b), ours.nextInt(b), "bound " + b);
          }
        }
      }
    }
  }
}
