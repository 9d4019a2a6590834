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
  }

  public RasterImage load() {
    return loader.load();
  }
}
