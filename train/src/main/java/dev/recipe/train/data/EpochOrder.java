package dev.recipe.train.data;

import dev.recipe.core.RecipeException;
import dev.recipe.core.random.Seeds;
import dev.recipe.core.spec.TrainingSpec;

/**
 * The order an epoch trains in, as entries of the loader's order: the single home of the rule that
 * {@link dev.recipe.train.loop.TrainingLoop}, the train stage's check value and the dry run use.
 *
 * <p>Plain: the (seed, epoch) shuffle of the n stored positions ({@link Seeds#permutation}), whole
 * global batches, the last partial one dropped.
 *
 * <p>With {@code training.repeatedAugmentations} R: torchvision's {@code RASampler} for D devices.
 * Each position p of the shuffle is repeated R times (p, p, ..., p), the list is padded with its
 * own head to a multiple of D, device d takes every D-th entry from entry d, and keeps
 * {@code floor(floor(n / 256) x 256 / D)} of them (the sampler's fixed 256). Step k's global batch
 * is then, for each micro-step m and device d in turn, the next batchSize entries of device d's
 * list, so the R copies of an image land on different devices. An entry is written as
 * {@code p + n x r} (r the copy, 0 .. R - 1): the loader trains position {@code entry mod n} with the
 * augmentation generator of the entry, so each copy is augmented differently, while copy 0 of a
 * plain epoch is the position itself.
 */
public final class EpochOrder {
  /** The repeated-augmentation order as pseudo-code, for the recipe. */
  public static final String REPEATED_ALGORITHM = """
      repeated augmentation (torchvision's RASampler), R repetitions, D devices, B = batchSize,
      A = accumulate, n stored positions, p = the shuffle above:
          list = [p[0] + 0n, p[0] + 1n, ..., p[0] + (R-1)n, p[1] + 0n, ...]   # n x R entries
          pad list with its own first entries to ceil(n R / D) x D entries
          device d (0 .. D-1) takes list[d], list[d + D], list[d + 2D], ...,
              keeping the first K = floor(floor(n / 256) x 256 / D)
          steps per epoch = floor(K / (B x A)); step k, micro-step m, device d trains
              device d's entries [(k A + m) B, (k A + m + 1) B)
          an entry e trains position e mod n with the augmentation generator of index e
      """;

  private EpochOrder() {}

  /** The entries epoch {@code epoch} (0-based) trains, in order, whole optimizer steps only. */
  public static int[] of(TrainingSpec spec, int n, long seed, int epoch) {
    int[] perm = Seeds.permutation(seed, epoch, n);
    Integer reps = spec.repeatedAugmentations();
    return reps == null ? perm
        : repeated(perm, reps, spec.devices(), spec.batchSize(), spec.accumulate());
  }

  /** The repeated-augmentation entries for a given shuffle ({@link #REPEATED_ALGORITHM}). */
  static int[] repeated(int[] perm, int reps, int d, int micro, int a) {
    int n = perm.length;
    int kept = keptPerDevice(n, d);
    int steps = kept / (micro * a);
    int[] out = new int[steps * micro * a * d];
    int pos = 0;
    for (int k = 0; k < steps; k++) {
      for (int m = 0; m < a; m++) {
        for (int dev = 0; dev < d; dev++) {
          for (int j = 0; j < micro; j++) {
            long i = (long) (k * a + m) * micro + j;      // index in device dev's list
            long entry = (dev + i * d) % ((long) n * reps); // the padding repeats the head
            out[pos++] = perm[(int) (entry / reps)] + n * (int) (entry % reps);
          }
        }
      }
    }
    return out;
  }

  /** Optimizer steps per epoch, capped by {@code maxStepsPerEpoch}; a bad-input error when zero. */
  public static int stepsPerEpoch(TrainingSpec spec, int n) {
    int steps;
    if (spec.repeatedAugmentations() == null) {
      steps = n / spec.globalBatch();
      if (steps == 0) {
        throw RecipeException.badInput("training.batchSize: the train split has " + n
            + " samples, fewer than one global batch of " + spec.globalBatch()
            + " (batchSize x devices x accumulate)");
      }
    } else {
      steps = keptPerDevice(n, spec.devices()) / (spec.batchSize() * spec.accumulate());
      if (steps == 0) {
        throw RecipeException.badInput("training.repeatedAugmentations: with " + n + " training"
            + " samples each device keeps floor(floor(n / 256) x 256 / devices) = "
            + keptPerDevice(n, spec.devices()) + " of them (torchvision's RASampler), fewer than one"
            + " micro-batch of batchSize x accumulate = " + spec.batchSize() * spec.accumulate());
      }
    }
    return spec.maxStepsPerEpoch() == null ? steps : Math.min(steps, spec.maxStepsPerEpoch());
  }

  /** The position an entry trains. */
  public static int position(int entry, int n) {
    return entry % n;
  }

  private static int keptPerDevice(int n, int devices) {
    return (int) Math.floor((double) (n / 256 * 256) / devices);
  }
}
