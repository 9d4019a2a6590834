package dev.recipe.data.process;

import java.util.List;

/**
 * SplitMix64 (Steele, Lea, Flood 2014) with unbiased bounded integers by rejection, written out so
 * that a seed gives the same sequence on every JVM version, forever. Not thread-safe.
 */
public final class SeededRandom {
  private long state;

  public SeededRandom(long seed) {
    this.state = seed;
  }

  /** The generator for a named sub-stream, so independent choices do not share a sequence. */
  public static SeededRandom derive(long seed, String purpose) {
    long h = seed;
    for (char ch : purpose.toCharArray()) {
      h = mix(h ^ ch);
    }
    return new SeededRandom(h);
  }

  public long nextLong() {
    state += 0x9E3779B97F4A7C15L;
    return mix(state);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, bound). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive");
    }
    long limit = Long.remainderUnsigned(-1L, bound); // values above the last full cycle are rejected
    long r;
    do {
      r = nextLong();
    } while (Long.compareUnsigned(r, -1L - limit) > 0);
    return (int) Long.remainderUnsigned(r, bound);
  }

  /** A uniformly random permutation of {@code 0..n-1} (Fisher-Yates, from the top). */
  public int[] permutation(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** The list in the order of a fresh permutation. */
  public <T> List<T> shuffled(List<T> items) {
    int[] p = permutation(items.size());
    return java.util.Arrays.stream(p).mapToObj(items::get).toList();
  }
}
