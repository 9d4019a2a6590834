package dev.recipe.train.data;

import dev.recipe.data.RasterImage;
import dev.recipe.data.Sample;
import java.util.List;

/** Random access to a split's images and labels (thread-safe reads). */
public interface LabeledImages {
  int size();

  int label(int index);

  RasterImage image(int index);

  /**
   * The part of image {@code index} that {@code box} chooses from its {width, height} ({left, top,
   * width, height}, inside the image): by default the whole image decoded, then cropped; a split of
   * JPEGs decodes only the box.
   */
  default RasterImage imageRegion(int index, java.util.function.BiFunction<Integer, Integer, int[]> box) {
    RasterImage full = image(index);
    int[] b = box.apply(full.width(), full.height());
    return dev.recipe.data.Preprocessing.crop(full, b[0], b[1], b[2], b[3]);
  }

  /**
   * A split of JPEG shards read and decoded on demand, by whichever loader thread asks, so that
   * memory holds the index and the batches in flight, not the images.
   */
  static LabeledImages of(dev.recipe.data.IndexedSplit split) {
    return new LabeledImages() {
      @Override
      public int size() {
        return split.size();
      }

      @Override
      public int label(int index) {
        return split.label(index);
      }

      @Override
      public RasterImage image(int index) {
        return split.image(index);
      }

      @Override
      public RasterImage imageRegion(int index, java.util.function.BiFunction<Integer, Integer, int[]> box) {
        return split.imageRegion(index, box);
      }
    };
  }

  /** A split decoded once, up front, from its verified index (small images: PNG shards). */
  static LabeledImages decoded(dev.recipe.data.IndexedSplit split) {
    RasterImage[] images = java.util.stream.IntStream.range(0, split.size()).parallel()
        .mapToObj(split::image).toArray(RasterImage[]::new);
    int[] labels = java.util.stream.IntStream.range(0, split.size()).map(split::label).toArray();
    return new LabeledImages() {
      @Override
      public int size() {
        return images.length;
      }

      @Override
      public int label(int index) {
        return labels[index];
      }

      @Override
      public RasterImage image(int index) {
        return images[index];
      }
    };
  }

  /** A split held in memory. */
  static LabeledImages of(List<Sample> samples) {
    List<Sample> list = List.copyOf(samples);
    return new LabeledImages() {
      @Override
      public int size() {
        return list.size();
      }

      @Override
      public int label(int index) {
        return list.get(index).label();
      }

      @Override
      public RasterImage image(int index) {
        return list.get(index).image();
      }
    };
  }
}
