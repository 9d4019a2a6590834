package dev.recipe.train.data;

import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * A batch on the Java heap: CHW float images laid end to end, and their labels. Built by loader
 * threads (which must not touch NDArrays) and turned into NDArrays by the training thread.
 *
 * @param images {@code size * channels * height * width} floats
 * @param labels one class index per image
 * @param indices the dataset index of each image (for tests and debugging)
 */
public record HostBatch(
    float[] images, int[] labels, int[] indices, int channels, int height, int width) {

  public int size() {
    return labels.length;
  }

  /** Floats of one image. */
  public int imageSize() {
    return channels * height * width;
  }

  /** A copy of images {@code [from, from + n)}. */
  public float[] images(int from, int n) {
    return Arrays.copyOfRange(images, from * imageSize(), (from + n) * imageSize());
  }

  /** The NCHW shape of {@code n} images. */
  public Shape shape(int n) {
    return new Shape(n, channels, height, width);
  }
}
