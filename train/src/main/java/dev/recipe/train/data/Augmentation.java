package dev.recipe.train.data;

import dev.recipe.core.spec.TrainingSpec.AugmentKind;
import dev.recipe.core.spec.TrainingSpec.AugmentSpec;
import dev.recipe.data.Preprocessing;
import dev.recipe.data.RasterImage;
import dev.recipe.train.data.autoaugment.AffineOps;
import dev.recipe.train.data.autoaugment.Policies;
import java.util.EnumMap;
import java.util.Map;
import dev.recipe.core.random.SplitMix;
import java.util.function.Function;

/**
 * One train-time augmentation on an 8-bit image, drawing only from the generator it is given. The
 * geometric primitives (crop with zero padding, resize, flip) are data-prep's, so training and
 * evaluation share one implementation of each; the automatic policies live in {@code autoaugment}.
 */
@FunctionalInterface
public interface Augmentation {

  RasterImage apply(RasterImage image, SplitMix random);

  /** The augmentation a spec entry names (an 8-bit image one). */
  static Augmentation of(AugmentSpec spec) {
    if (spec.name().afterNormalization()) {
      throw new IllegalArgumentException(spec.name() + " works on the normalized tensor");
    }
    return Factories.MAP.get(spec.name()).apply(spec);
  }

  /** The output size for an input size ({width, height}); most keep it. */
  static int[] outputSize(AugmentSpec spec, int width, int height) {
    return spec.name() == AugmentKind.RANDOM_RESIZED_CROP
        ? new int[] {spec.size(), spec.size()}
        : new int[] {width, height};
  }

  /** torchvision's {@code RandomResizedCrop(size, scale, ratio)} with bilinear resize. */
  static Crop randomResizedCrop(int size, double scaleMin, double scaleMax, double ratioMin, double ratioMax) {
    return new Crop(size, scaleMin, scaleMax, ratioMin, ratioMax);
  }

  /**
   * RandomResizedCrop in its two halves, so that a loader can decode only the box of a JPEG
   * ({@link SampleTransform}): {@link #box} draws it from the image size, {@link #resize} scales the
   * cropped pixels. Together they are exactly {@link #apply}.
   */
  record Crop(int size, double scaleMin, double scaleMax, double ratioMin, double ratioMax)
      implements Augmentation {
    /** {left, top, width, height}, drawn from {@code r}. */
    int[] box(int width, int height, SplitMix r) {
      return RandomResizedCrop.params(width, height, scaleMin, scaleMax, ratioMin, ratioMax, r);
    }

    RasterImage resize(RasterImage cropped) {
      return Preprocessing.resize(cropped, size, size, Preprocessing.Interpolation.BILINEAR);
    }

    @Override
    public RasterImage apply(RasterImage img, SplitMix r) {
      int[] b = box(img.width(), img.height(), r);
      return resize(Preprocessing.crop(img, b[0], b[1], b[2], b[3]));
    }
  }

  /**
   * torchvision's {@code RandomCrop(size, padding=p)} with size = the input size: zero-pad by
   * {@code p} on every side, then take a window at a uniformly drawn offset in [0, 2p].
   */
  static Augmentation padCrop(int padding) {
    return (img, r) -> {
      int dx = r.nextInt(2 * padding + 1);
      int dy = r.nextInt(2 * padding + 1);
      return Preprocessing.crop(img, dx - padding, dy - padding, img.width(), img.height());
    };
  }

  /** torchvision's {@code RandomHorizontalFlip(p)}: one draw, flip when it is below p. */
  static Flip horizontalFlip(double p) {
    return new Flip(p);
  }

  /** The horizontal flip, with its draw available alone (a loader may fuse the mirroring). */
  record Flip(double p) implements Augmentation {
    boolean draw(SplitMix r) {
      return r.nextDouble() < p;
    }

    @Override
    public RasterImage apply(RasterImage img, SplitMix r) {
      return draw(r) ? Preprocessing.flipHorizontal(img) : img;
    }
  }

  /** A random-erasing entry (it works on the normalized tensor, so it is no Augmentation). */
  static RandomErasing erasing(AugmentSpec s) {
    return new RandomErasing(s.p(), s.scale().get(0), s.scale().get(1), s.ratio().get(0),
        s.ratio().get(1), s.erasingValue());
  }

  /** Spec kind to augmentation. */
  final class Factories {
    static final Map<AugmentKind, Function<AugmentSpec, Augmentation>> MAP =
        new EnumMap<>(AugmentKind.class);

    static {
      MAP.put(AugmentKind.RANDOM_RESIZED_CROP, s -> randomResizedCrop(s.size(),
          s.scale().get(0), s.scale().get(1), s.ratio().get(0), s.ratio().get(1)));
      MAP.put(AugmentKind.PAD_CROP, s -> padCrop(s.padding()));
      MAP.put(AugmentKind.HORIZONTAL_FLIP, s -> horizontalFlip(s.p()));
      MAP.put(AugmentKind.TRIVIAL_AUGMENT_WIDE, s -> new Policies.TrivialAugmentWide(
          s.numMagnitudeBins(), interpolation(s), fill(s)));
      MAP.put(AugmentKind.RAND_AUGMENT, s -> new Policies.RandAugment(s.numOps(), s.magnitude(),
          s.numMagnitudeBins(), interpolation(s), fill(s)));
      MAP.put(AugmentKind.AUTO_AUGMENT, s -> new Policies.AutoAugment(s.policy(),
          interpolation(s), fill(s)));
    }

    private static AffineOps.Interpolation interpolation(AugmentSpec s) {
      return s.interpolation().equals("bilinear")
          ? AffineOps.Interpolation.BILINEAR : AffineOps.Interpolation.NEAREST;
    }

    private static float[] fill(AugmentSpec s) {
      if (s.fillList() == null) {
        return null;
      }
      float[] f = new float[s.fillList().size()];
      for (int i = 0; i < f.length; i++) {
        f[i] = s.fillList().get(i).floatValue();
      }
      return f;
    }

    private Factories() {}
  }
}
