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

  /** A copy of images {@code [from, from + n)} in HWC order (channels last). */
  public float[] imagesChannelsLast(int from, int n) {
    if (channels == 1) {
      return images(from, n);
    }
    int plane = height * width;
    float[] out = new float[n * imageSize()];
    for (int i = 0; i < n; i++) {
      int src = (from + i) * imageSize();
      int dst = i * imageSize();
      for (int c = 0; c < channels; c++) {
        for (int p = 0; p < plane; p++) {
          out[dst + p * channels + c] = images[src + c * plane + p];
        }
      }
    }
    return out;
  }

  /** The NHWC shape of {@code n} images. */
  public Shape shapeChannelsLast(int n) {
    return new Shape(n, height, width, channels);
  }

  /** The NCHW shape of {@code n} images. */
  public Shape shape(int n) {
    return new Shape(n, channels, height, width);
  }
}
