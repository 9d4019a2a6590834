package dev.recipe.train.data;

import dev.recipe.core.random.Seeds;
import dev.recipe.core.random.SplitMix;

/**
 * Mixup and cutmix with the semantics of torchvision's classification reference
 * ({@code RandomMixup}, {@code RandomCutmix} with p = 1, picked by {@code RandomChoice} when both
 * are on). torchvision applies them to each process's batch in its collate function; here each
 * group of {@code groupSize} consecutive samples (one device's micro-batch) is mixed on its own,
 * which is the same thing. Within a group every image is paired with its predecessor (torch's
 * {@code roll(1, 0)}: image i with image i - 1, image 0 with the last one).
 *
 * <p>Mixup: {@code x = lambda x + (1 - lambda) x_rolled} and the same for the one-hot targets, with
 * lambda ~ Beta(alpha, alpha). Cutmix: a box centred at a uniform pixel (rx, ry) with half-sides
 * {@code int(0.5 sqrt(1 - lambda) W)} and {@code int(0.5 sqrt(1 - lambda) H)}, clipped to the image,
 * is pasted from the rolled images, and lambda becomes the uncovered fraction of the area. The
 * arithmetic is float32 in torch's order. Draws per group, from the group's own generator
 * ({@link Seeds#forBatch}): the choice (only when both are on; 0 mixup, 1 cutmix), lambda, then for
 * cutmix rx and ry.
 *
 * @param mixupAlpha 0: no mixup
 * @param cutmixAlpha 0: no cutmix
 * @param classes number of classes (the width of the targets)
 * @param groupSize samples mixed together (the per-device micro-batch)
 */
public record BatchMix(double mixupAlpha, double cutmixAlpha, int classes, int groupSize) {

  /** The lambda distribution and how it is drawn, for the recipe. */
  public static final String BETA_ALGORITHM = "lambda = X / (X + Y) with X, Y ~ Gamma(alpha, 1):"
      + " Marsaglia-Tsang for shape >= 1 (normals by Box-Muller), Gamma(a + 1) x U^(1/a) for a < 1;"
      + " uniforms from the group's SplitMix64 generator";

  public BatchMix {
    if (!(mixupAlpha > 0 || cutmixAlpha > 0)) {
      throw new IllegalArgumentException("BatchMix needs mixupAlpha or cutmixAlpha > 0");
    }
  }

  /** The mixed batch: new images and targets; labels become each row's largest target. */
  public HostBatch apply(HostBatch b, long seed, int epoch, long batchIndex) {
    int n = b.size();
    if (n % groupSize != 0) {
      throw new IllegalArgumentException("batch " + n + " is not a whole number of groups of " + groupSize);
    }
    float[] images = b.images().clone();
    float[] targets = new float[n * classes];
    int[] labels = new int[n];
    for (int g = 0; g < n / groupSize; g++) {
      SplitMix r = Seeds.forBatch(seed, epoch, batchIndex, g);
      boolean cutmix = mixupAlpha > 0 && cutmixAlpha > 0 ? r.nextInt(2) == 1 : cutmixAlpha > 0;
      double lambda = beta(r, cutmix ? cutmixAlpha : mixupAlpha);
      int from = g * groupSize;
      if (cutmix) {
        lambda = cutmix(b, images, from, lambda, r.nextInt(b.width()), r.nextInt(b.height()));
      } else {
        mixup(b, images, from, lambda);
      }
      mixTargets(b.labels(), targets, labels, from, lambda);
    }
    return new HostBatch(images, labels, b.indices(), b.channels(), b.height(), b.width(), targets);
  }

  /** {@code batch.mul_(l).add_(rolled.mul_(1 - l))} on one group; reads the unmixed images. */
  void mixup(HostBatch b, float[] out, int from, double lambda) {
    float l = (float) lambda;
    float rest = (float) (1.0 - lambda);
    int size = b.imageSize();
    float[] in = b.images();
    for (int i = 0; i < groupSize; i++) {
      int self = (from + i) * size;
      int prev = (from + (i + groupSize - 1) % groupSize) * size;
      for (int k = 0; k < size; k++) {
        out[self + k] = in[self + k] * l + in[prev + k] * rest;
      }
    }
  }

  /** Pastes the box of the rolled images; returns the corrected lambda. */
  double cutmix(HostBatch b, float[] out, int from, double lambda, int rx, int ry) {
    int w = b.width();
    int h = b.height();
    double r = 0.5 * StrictMath.sqrt(1.0 - lambda);
    int rw = (int) (r * w);
    int rh = (int) (r * h);
    int x1 = Math.max(rx - rw, 0);
    int y1 = Math.max(ry - rh, 0);
    int x2 = Math.min(rx + rw, w);
    int y2 = Math.min(ry + rh, h);
    int size = b.imageSize();
    float[] in = b.images();
    for (int i = 0; i < groupSize; i++) {
      int self = (from + i) * size;
      int prev = (from + (i + groupSize - 1) % groupSize) * size;
      for (int c = 0; c < b.channels(); c++) {
        for (int y = y1; y < y2; y++) {
          int row = (c * h + y) * w;
          System.arraycopy(in, prev + row + x1, out, self + row + x1, x2 - x1);
        }
      }
    }
    return 1.0 - (double) ((x2 - x1) * (y2 - y1)) / (w * h);
  }

  /** One-hot targets mixed as torch does: {@code t.mul_(l).add_(t_rolled.mul_(1 - l))}. */
  void mixTargets(int[] in, float[] targets, int[] labels, int from, double lambda) {
    float l = (float) lambda;
    float rest = (float) (1.0 - lambda);
    for (int i = 0; i < groupSize; i++) {
      int self = from + i;
      int prev = from + (i + groupSize - 1) % groupSize;
      int row = self * classes;
      for (int c = 0; c < classes; c++) {
        float a = in[self] == c ? 1f : 0f;
        float bb = in[prev] == c ? 1f : 0f;
        targets[row + c] = a * l + bb * rest;
      }
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (targets[row + c] > targets[row + best]) {
          best = c;
        }
      }
      labels[self] = best;
    }
  }

  /** Beta(alpha, alpha) from two gamma draws ({@link #BETA_ALGORITHM}). */
  static double beta(SplitMix r, double alpha) {
    double x = gamma(r, alpha);
    double y = gamma(r, alpha);
    return x / (x + y);
  }

  private static double gamma(SplitMix r, double a) {
    if (a < 1) {
      double u = 1.0 - r.nextDouble(); // in (0, 1]
      return gamma(r, a + 1) * StrictMath.pow(u, 1.0 / a);
    }
    double d = a - 1.0 / 3;
    double c = 1.0 / StrictMath.sqrt(9 * d);
    while (true) {
      double x = normal(r);
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = 1.0 - r.nextDouble();
      if (StrictMath.log(u) < 0.5 * x * x + d - d * v + d * StrictMath.log(v)) {
        return d * v;
      }
    }
  }

  private static double normal(SplitMix r) {
    double u1 = 1.0 - r.nextDouble();
    double u2 = r.nextDouble();
    return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
  }
}
