package dev.recipe.core.random;

import java.util.List;

/**
 * SplitMix64 (Steele, Lea, Flood 2014) with unbiased bounded integers by 64-bit rejection, written
 * out so that a seed gives the same sequence on every JVM version, forever: the data split's
 * generator. Training's draws use {@link SplitMix}, the same mix with
 * SplittableRandom's 32-bit bounded draws; both algorithms are stated in RECIPE.md. Not thread-safe.
 */
public final class SeededRandom {
  /**
   * This class's algorithm as pseudo-code for the recipe, exact enough to reimplement it (the
   * independent check in {@code scripts/independent_split.py} was written from this text).
   */
  public static final String ALGORITHM = """
      All values are unsigned 64-bit integers; + and * wrap modulo 2^64, >> is a logical shift.
      mix(z):  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
               z = (z ^ (z >> 27)) * 0x94D049BB133111EB
               return z ^ (z >> 31)
      generator(seed, purpose):          # purpose is a word such as "split"
          h = seed                       # a negative seed as its two's complement
          for each character c of purpose: h = mix(h ^ code(c))
          state = h
      next():  state = state + 0x9E3779B97F4A7C15; return mix(state)
      below(b):                          # uniform integer in [0, b)
          limit = (2^64 - 1) mod b
          repeat r = next() until r <= 2^64 - 1 - limit
          return r mod b
      permutation(n):                    # Fisher-Yates from the top
          p = [0, 1, ..., n - 1]
          for i = n - 1 down to 1: j = below(i + 1); swap p[i], p[j]
          return p
      """;

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
    return SplitMix.mix64(z);
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
