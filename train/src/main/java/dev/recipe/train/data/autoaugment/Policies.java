package dev.recipe.train.data.autoaugment;

import dev.recipe.core.random.SplitMix;
import dev.recipe.data.RasterImage;
import dev.recipe.train.data.Augmentation;
import dev.recipe.train.data.autoaugment.AffineOps.Interpolation;
import java.util.List;

/**
 * torchvision 0.14's TrivialAugmentWide, RandAugment and AutoAugment on 8-bit images, drawing from
 * the sample's generator in the structure of torchvision's torch draws (which cannot be reproduced
 * themselves): each {@code torch.randint(n)} is {@code nextInt(n)}, each {@code torch.rand} is
 * {@code nextDouble()}, in the same order and under the same conditions.
 */
public final class Policies {
  private Policies() {}

  /** One op with its signed magnitude, as {@code forward} ends up calling {@code _apply_op}. */
  private static RasterImage apply(RasterImage img, MagnitudeSpace.Entry e, float magnitude,
      boolean negate, Interpolation mode, float[] fill) {
    double m = magnitude;
    return e.op().apply(img, negate ? -m : m, mode, fill);
  }

  private static void checkFill(float[] fill, RasterImage img) {
    if (fill != null && fill.length != 1 && fill.length != img.channels()) {
      throw new IllegalArgumentException("fill has " + fill.length + " values for an image of "
          + img.channels() + " channels");
    }
  }

  /**
   * {@code TrivialAugmentWide(bins, interpolation, fill)}: an op index uniform over its 14 ops, a
   * magnitude bin uniform (ops with magnitudes), a sign with p 0.5 (signed ops: negative on 1).
   */
  public record TrivialAugmentWide(int bins, Interpolation mode, float[] fill)
      implements Augmentation {
    @Override
    public RasterImage apply(RasterImage img, SplitMix r) {
      checkFill(fill, img);
      List<MagnitudeSpace.Entry> ops = MagnitudeSpace.trivialAugmentWide(bins).entries();
      MagnitudeSpace.Entry e = ops.get(r.nextInt(ops.size()));
      float m = e.values().length > 0 ? e.values()[r.nextInt(e.values().length)] : 0f;
      boolean negate = e.signed() && r.nextInt(2) == 1;
      return Policies.apply(img, e, m, negate, mode, fill);
    }
  }

  /**
   * {@code RandAugment(numOps, magnitude, bins, interpolation, fill)}: numOps times an op index
   * uniform over its 14 ops at the fixed magnitude bin, and a sign with p 0.5 for signed ops.
   */
  public record RandAugment(int numOps, int magnitude, int bins, Interpolation mode, float[] fill)
      implements Augmentation {
    @Override
    public RasterImage apply(RasterImage img, SplitMix r) {
      checkFill(fill, img);
      MagnitudeSpace space = MagnitudeSpace.randAugment(bins, img.height(), img.width(), false);
      for (int i = 0; i < numOps; i++) {
        MagnitudeSpace.Entry e = space.entries().get(r.nextInt(space.entries().size()));
        float m = e.values().length > 0 ? e.values()[magnitude] : 0f;
        boolean negate = e.signed() && r.nextInt(2) == 1;
        img = Policies.apply(img, e, m, negate, mode, fill);
      }
      return img;
    }
  }

  /** One sub-policy step: an op, its probability, its magnitude bin (-1: none). */
  record Step(Op op, double p, int bin) {}

  /**
   * {@code AutoAugment(policy, interpolation, fill)}: a sub-policy index uniform over the 25, two
   * uniform probabilities, two signs (0 or 1), in that order; step i runs when its probability is
   * at most p, its magnitude negated for signed ops when sign i is 0. Magnitudes from 10 bins.
   */
  public record AutoAugment(String policy, Interpolation mode, float[] fill)
      implements Augmentation {
    public AutoAugment {
      AutoAugmentPolicies.of(policy);
    }

    @Override
    public RasterImage apply(RasterImage img, SplitMix r) {
      checkFill(fill, img);
      List<Step[]> policies = AutoAugmentPolicies.of(policy);
      Step[] sub = policies.get(r.nextInt(policies.size()));
      double[] probs = {r.nextDouble(), r.nextDouble()};
      int[] signs = {r.nextInt(2), r.nextInt(2)};
      MagnitudeSpace space = MagnitudeSpace.randAugment(10, img.height(), img.width(), true);
      for (int i = 0; i < 2; i++) {
        if (probs[i] <= sub[i].p()) {
          MagnitudeSpace.Entry e = space.entry(sub[i].op());
          float m = sub[i].bin() >= 0 ? e.values()[sub[i].bin()] : 0f;
          img = Policies.apply(img, e, m, e.signed() && signs[i] == 0, mode, fill);
        }
      }
      return img;
    }
  }
}
