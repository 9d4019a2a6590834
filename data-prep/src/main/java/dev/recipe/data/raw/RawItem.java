package dev.recipe.data.raw;

import dev.recipe.data.RasterImage;

/**
 * One raw sample, decoded on demand (so a large tree is never held in memory).
 *
 * @param origin where it came from (file path relative to the dataset root, or {@code file#index})
 * @param label source class index
 * @param loader decodes it; throws {@link dev.recipe.data.ImageDecodeException} when it cannot
 */
public record RawItem(String origin, int label, Loader loader) {

  /** Decodes a raw sample. */
  @FunctionalInterface
  public interface Loader {
    RasterImage load();

    /**
     * Reads the item's bytes for the input fingerprint without decoding (an item a resumed prepare
     * stored before); nothing for data that has no file per item.
     */
    default void skip() {}

    /** The decoded image with the encoded source bytes when there are any (image files). */
    default Source loadSource() {
      return new Source(load(), null);
    }
  }

  /**
   * A decoded sample and, for an image file, its bytes as read (so prepare can store them as they
   * are).
   *
   * @param image the decoded pixels
   * @param encoded the file's bytes, or null (IDX data)
   */
  public record Source(RasterImage image, byte[] encoded) {}

  public Source loadSource() {
    return loader.loadSource();
  }

  public void skip() {
    loader.skip();
  }

  public RasterImage load() {
    return loader.load();
  }
}
