package dev.recipe.infer.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Transform;

/**
 * Per-channel {@code (x - mean) / std} on a CHW (or NCHW) tensor with any channel count. DJL 0.36's
 * own {@code Normalize} builds its mean tensor with shape (3, 1, 1) whatever the arrays' length, so
 * it fails on gray images ("NDArray size is: 3, but buffer size is: 1").
 */
public final class ChannelNormalize implements Transform {
  private final float[] mean;
  private final float[] std;

  public ChannelNormalize(float[] mean, float[] std) {
    if (mean.length != std.length) {
      throw new IllegalArgumentException("mean has " + mean.length + " values, std " + std.length);
    }
    this.mean = mean.clone();
    this.std = std.clone();
  }

  /** The values of a double array as floats (the statistics are recorded as doubles). */
  public static ChannelNormalize of(double[] mean, double[] std) {
    float[] m = new float[mean.length];
    float[] s = new float[std.length];
    for (int i = 0; i < m.length; i++) {
      m[i] = (float) mean[i];
    }
    for (int i = 0; i < s.length; i++) {
      s[i] = (float) std[i];
    }
    return new ChannelNormalize(m, s);
  }

  @Override
  public NDArray transform(NDArray array) {
    Shape shape = new Shape(mean.length, 1, 1);
    return array.sub(array.getManager().create(mean, shape)).div(array.getManager().create(std, shape));
  }
}
