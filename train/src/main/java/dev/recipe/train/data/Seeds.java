package dev.recipe.train.data;

import java.util.SplittableRandom;

/**
 * Where every random number of training comes from: a generator derived from (seed, epoch, sample
 * index) by a SplitMix64-style hash, so a draw never depends on which thread made it, in which
 * order, or whether the run was resumed.
 */
public final class Seeds {
  /** The sample index used for the epoch's shuffle (no real sample has it). */
  private static final long SHUFFLE = -1;

  private Seeds() {}

  /** A well-mixed 64-bit value of (seed, epoch, index). */
  public static long mix(long seed, long epoch, long index) {
    long h = mix64(seed ^ 0x9E3779B97F4A7C15L);
    h = mix64(h ^ (epoch * 0xBF58476D1CE4E5B9L + 0x632BE59BD9B4E5CBL));
    return mix64(h ^ (index * 0x94D049BB133111EBL + 0x2545F4914F6CDD1DL));
  }

  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The generator of one sample's augmentation in one epoch. */
  public static SplittableRandom forSample(long seed, int epoch, long index) {
    return new SplittableRandom(mix(seed, epoch, index));
  }

  /** The epoch's order of {@code n} samples: a Fisher-Yates shuffle seeded by (seed, epoch). */
  public static int[] permutation(long seed, int epoch, int n) {
    SplittableRandom r = new SplittableRandom(mix(seed, epoch, SHUFFLE));
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
