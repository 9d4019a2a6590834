package dev.recipe.core.random;

/**
 * SplitMix64 with the bounded and floating-point draws of {@code java.util.SplittableRandom},
 * written out: the same numbers as {@code new SplittableRandom(seed)} (checked against it), without
 * depending on the JDK keeping that class's algorithm. Training's shuffle and augmentation draws
 * come from here; RECIPE.md states the algorithm. Not thread-safe: one generator per sample.
 */
public final class SplitMix {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
  private long seed;

  public SplitMix(long seed) {
    this.seed = seed;
  }

  /** SplitMix64's finalizer (Stafford's variant 13). */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static int mix32(long z) {
    z = (z ^ (z >>> 33)) * 0x62A9D9ED799705F5L;
    return (int) (((z ^ (z >>> 28)) * 0xCB24D0A5C88C35B3L) >>> 32);
  }

  private long nextSeed() {
    return seed += GOLDEN_GAMMA;
  }

  public long nextLong() {
    return mix64(nextSeed());
  }

  public int nextInt() {
    return mix32(nextSeed());
  }

  /** Uniform in [0, bound): a power of two by masking, otherwise by rejecting the top remainder. */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    int r = nextInt();
    int m = bound - 1;
    if ((bound & m) == 0) {
      return r & m;
    }
    for (int u = r >>> 1; u + m - (r = u % bound) < 0; u = nextInt() >>> 1) {
      // rejected: u falls in the incomplete last block of width bound
    }
    return r;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }
}
