package dev.recipe.data;

/**
 * An 8-bit image in HWC order (row-major, channels interleaved): the one in-memory image type of
 * the pipeline. {@code pixels} is not copied; treat it as immutable once the image is shared.
 *
 * @param width width in pixels
 * @param height height in pixels
 * @param channels 1 (gray) or 3 (RGB)
 * @param pixels {@code height * width * channels} bytes, unsigned
 */
public record RasterImage(int width, int height, int channels, byte[] pixels) {

  public RasterImage {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
    }
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    }
    if (pixels == null || pixels.length != width * height * channels) {
      throw new IllegalArgumentException("expected " + width * height * channels + " pixel bytes, got "
          + (pixels == null ? "none" : pixels.length));
    }
  }

  /** The unsigned value of channel {@code c} at column {@code x}, row {@code y}. */
  public int get(int x, int y, int c) {
    return pixels[(y * width + x) * channels + c] & 0xff;
  }

  @Override
  public String toString() {
    return "RasterImage[" + width + "x" + height + "x" + channels + "]";
  }
}
