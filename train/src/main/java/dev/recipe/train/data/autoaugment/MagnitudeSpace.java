package dev.recipe.train.data.autoaugment;

import java.util.List;

/**
 * A policy's {@code _augmentation_space}: its ops in torchvision's dict order (the op index draws
 * from it), each with its float32 magnitudes (none for the ops without one) and whether a sign is
 * drawn.
 */
public record MagnitudeSpace(List<Entry> entries) {

  /** One op's magnitudes; {@code values} is empty when the op takes none. */
  public record Entry(Op op, float[] values, boolean signed) {}

  public MagnitudeSpace {
    entries = List.copyOf(entries);
  }

  /** TrivialAugmentWide's space. */
  public static MagnitudeSpace trivialAugmentWide(int bins) {
    return new MagnitudeSpace(List.of(
        new Entry(Op.IDENTITY, new float[0], false),
        new Entry(Op.SHEAR_X, linspace(0.0, 0.99, bins), true),
        new Entry(Op.SHEAR_Y, linspace(0.0, 0.99, bins), true),
        new Entry(Op.TRANSLATE_X, linspace(0.0, 32.0, bins), true),
        new Entry(Op.TRANSLATE_Y, linspace(0.0, 32.0, bins), true),
        new Entry(Op.ROTATE, linspace(0.0, 135.0, bins), true),
        new Entry(Op.BRIGHTNESS, linspace(0.0, 0.99, bins), true),
        new Entry(Op.COLOR, linspace(0.0, 0.99, bins), true),
        new Entry(Op.CONTRAST, linspace(0.0, 0.99, bins), true),
        new Entry(Op.SHARPNESS, linspace(0.0, 0.99, bins), true),
        new Entry(Op.POSTERIZE, posterize(bins, 6), false),
        new Entry(Op.SOLARIZE, linspace(255.0, 0.0, bins), false),
        new Entry(Op.AUTO_CONTRAST, new float[0], false),
        new Entry(Op.EQUALIZE, new float[0], false)));
  }

  /** RandAugment's space (translations scale with the image); AutoAugment's adds Invert. */
  public static MagnitudeSpace randAugment(int bins, int height, int width, boolean autoAugment) {
    List<Entry> e = new java.util.ArrayList<>(List.of(
        new Entry(Op.SHEAR_X, linspace(0.0, 0.3, bins), true),
        new Entry(Op.SHEAR_Y, linspace(0.0, 0.3, bins), true),
        new Entry(Op.TRANSLATE_X, linspace(0.0, 150.0 / 331.0 * width, bins), true),
        new Entry(Op.TRANSLATE_Y, linspace(0.0, 150.0 / 331.0 * height, bins), true),
        new Entry(Op.ROTATE, linspace(0.0, 30.0, bins), true),
        new Entry(Op.BRIGHTNESS, linspace(0.0, 0.9, bins), true),
        new Entry(Op.COLOR, linspace(0.0, 0.9, bins), true),
        new Entry(Op.CONTRAST, linspace(0.0, 0.9, bins), true),
        new Entry(Op.SHARPNESS, linspace(0.0, 0.9, bins), true),
        new Entry(Op.POSTERIZE, posterize(bins, 4), false),
        new Entry(Op.SOLARIZE, linspace(255.0, 0.0, bins), false),
        new Entry(Op.AUTO_CONTRAST, new float[0], false),
        new Entry(Op.EQUALIZE, new float[0], false)));
    if (autoAugment) {
      e.add(new Entry(Op.INVERT, new float[0], false));
    } else {
      e.add(0, new Entry(Op.IDENTITY, new float[0], false));
    }
    return new MagnitudeSpace(e);
  }

  /** The entry of an op (AutoAugment looks ops up by name). */
  public Entry entry(Op op) {
    return entries.stream().filter(x -> x.op() == op).findFirst().orElseThrow();
  }

  /**
   * {@code torch.linspace(start, end, steps)} in float32 as ATen 1.13's CPU kernel computes it:
   * step = (end - start) / (steps - 1); the first half counts up from start, the second down from
   * end; blocks of 16 go through the 8-lane vector path (base fused as start + step * i, lanes
   * base + k * step unfused), the remainder through the scalar one (fused). Checked bit for bit
   * against torch on the golden tables and 18 other ranges.
   */
  public static float[] linspace(double start, double end, int steps) {
    float s = (float) start;
    float e = (float) end;
    float[] out = new float[steps];
    if (steps == 1) {
      out[0] = s;
      return out;
    }
    float step = (e - s) / (steps - 1);
    int half = steps / 2;
    int i = 0;
    // the vectorized loop takes two vectors of 8 per iteration
    for (; i <= steps - 16; i += 16) {
      for (int v = i; v < i + 16; v += 8) {
        float base = v < half ? Math.fma(step, v, s) : Math.fma(-step, steps - v - 1, e);
        for (int k = 0; k < 8; k++) {
          out[v + k] = k == 0 ? base : base + k * step;
        }
      }
    }
    for (; i < steps; i++) {
      out[i] = i < half ? Math.fma(step, i, s) : Math.fma(-step, steps - i - 1, e);
    }
    return out;
  }

  /** {@code 8 - (arange(bins) / ((bins - 1) / d)).round().int()}: float32 division, half-even. */
  static float[] posterize(int bins, int d) {
    float div = (float) ((bins - 1) / (double) d);
    float[] out = new float[bins];
    for (int i = 0; i < bins; i++) {
      out[i] = 8 - (int) Math.rint((float) i / div);
    }
    return out;
  }
}
