package dev.recipe.core.random;


/**
 * Where every random number of training comes from: a generator derived from (seed, epoch, sample
 * index) by a SplitMix64-style hash, so a draw never depends on which thread made it, in which
 * order, or whether the run was resumed.
 */
public final class Seeds {
  /**
   * The epoch shuffle as pseudo-code for the recipe. The generator is {@link SplitMix} (the numbers
   * of java.util.SplittableRandom), written out so that no JVM is needed to rebuild an order.
   */
  public static final String SHUFFLE_ALGORITHM = """
      Unsigned 64-bit arithmetic as above; mix is SplitMix64's mix function.
      H(seed, e, i) = mix(mix(mix(seed ^ 0x9E3779B97F4A7C15)
                              ^ (e * 0xBF58476D1CE4E5B9 + 0x632BE59BD9B4E5CB))
                          ^ (i * 0x94D049BB133111EB + 0x2545F4914F6CDD1D))
      order of epoch E (E = 1, 2, ...) over the n stored train positions 0 .. n - 1:
          s = H(seed, E - 1, 2^64 - 1)             # index 2^64 - 1 (that is, -1) marks the shuffle
          next32():                                 # java.util.SplittableRandom.nextInt()
              s = s + 0x9E3779B97F4A7C15
              z = (s ^ (s >> 33)) * 0x62A9D9ED799705F5
              return the top 32 bits of (z ^ (z >> 28)) * 0xCB24D0A5C88C35B3
          below(b):                                 # SplittableRandom.nextInt(b)
              x = next32()
              if b is a power of two: return x & (b - 1)
              u = x >> 1                            # 31 bits
              loop: r = u mod b
                    if u - r + (b - 1) < 2^31: return r
                    u = next32() >> 1
          p = [0, 1, ..., n - 1]; for i = n - 1 down to 1: j = below(i + 1); swap p[i], p[j]
      step k of the epoch (k = 0, 1, ...) trains on positions p[k * B .. k * B + B - 1],
      B the global batch; the last partial batch is dropped
      """;

  /** The sample index used for the epoch's shuffle (no real sample has it). */
  private static final long SHUFFLE = -1;
  /** The sample index that marks the epoch's batch-mixing stream. */
  private static final long MIXING = -2;

  private Seeds() {}

  /** A well-mixed 64-bit value of (seed, epoch, index). */
  public static long mix(long seed, long epoch, long index) {
    long h = mix64(seed ^ 0x9E3779B97F4A7C15L);
    h = mix64(h ^ (epoch * 0xBF58476D1CE4E5B9L + 0x632BE59BD9B4E5CBL));
    return mix64(h ^ (index * 0x94D049BB133111EBL + 0x2545F4914F6CDD1DL));
  }

  private static long mix64(long z) {
    return SplitMix.mix64(z);
  }

  /** The generator of one sample's augmentation in one epoch. */
  public static SplitMix forSample(long seed, int epoch, long index) {
    return new SplitMix(mix(seed, epoch, index));
  }

  /**
   * The generator of one group's batch mixing (train's {@code BatchMix}) in one epoch: a hash of the
   * epoch's mixing stream (index -2, which no sample has) with the batch index and the group.
   */
  public static SplitMix forBatch(long seed, int epoch, long batchIndex, int group) {
    return new SplitMix(mix(mix(seed, epoch, MIXING), batchIndex, group));
  }

  /** The epoch's order of {@code n} samples: a Fisher-Yates shuffle seeded by (seed, epoch). */
  public static int[] permutation(long seed, int epoch, int n) {
    SplitMix r = new SplitMix(mix(seed, epoch, SHUFFLE));
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
