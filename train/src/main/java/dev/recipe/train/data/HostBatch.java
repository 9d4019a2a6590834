package dev.recipe.train.data;

import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * A batch on the Java heap: CHW float images laid end to end, and their labels. Built by loader
 * threads (which must not touch NDArrays) and turned into NDArrays by the training thread.
 *
 * @param images {@code size * channels * height * width} floats
 * @param labels one class index per image: its label, or for a mixed batch the class with the
 *     largest target weight (what train top-1 counts, as torchvision's reference does)
 * @param indices the dataset index of each image (for tests and debugging)
 * @param targets null for plain labels; for a mixed batch ({@link BatchMix}) {@code size x classes}
 *     target probabilities, row by row
 */
public record HostBatch(
    float[] images, int[] labels, int[] indices, int channels, int height, int width, float[] targets) {

  /** A batch with plain labels. */
  public HostBatch(float[] images, int[] labels, int[] indices, int channels, int height, int width) {
    this(images, labels, indices, channels, height, width, null);
  }

  /** Target probabilities of images {@code [from, from + n)}, row by row (mixed batches only). */
  public float[] targets(int from, int n) {
    int classes = targets.length / size();
    return Arrays.copyOfRange(targets, from * classes, (from + n) * classes);
  }

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
