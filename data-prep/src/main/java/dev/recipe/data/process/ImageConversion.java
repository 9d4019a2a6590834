package dev.recipe.data.process;

import dev.recipe.core.spec.DataSpec.ImageSpec;
import dev.recipe.data.ImageDecoding;
import dev.recipe.data.Preprocessing;
import dev.recipe.data.Preprocessing.Interpolation;
import dev.recipe.data.RasterImage;
import dev.recipe.data.raw.RawItem;
import dev.recipe.data.shard.PngCodec;

/**
 * What prepare does to each image before storing it: convert to {@code channels}; then, when
 * {@code resizeShorter} is set, resize the shorter side to it (and center-crop to {@code size} when
 * that is set too); when only {@code size} is set, resize to exactly {@code size x size}. Bilinear,
 * with the semantics of {@link Preprocessing}.
 *
 * <p>How it is stored ({@link #store}): a JPEG that needs no resizing (a channel conversion is
 * redone when it is read), or a PNG that needs no change, is kept as its original bytes, so shards are about as large as the source and decode as fast; with
 * {@code maxSide}, an image whose longer side is larger is downscaled to it and stored as a JPEG of
 * {@code jpegQuality}; everything else (IDX data, converted images) as lossless PNG.
 *
 * @param channels stored channels (1 or 3)
 * @param size square output size, or null
 * @param resizeShorter shorter-side size, or null
 * @param maxSide longer-side limit for stored JPEGs, or null
 * @param jpegQuality quality of the JPEGs written for {@code maxSide}
 */
public record ImageConversion(int channels, Integer size, Integer resizeShorter, Integer maxSide, int jpegQuality) {

  /** The conversion a spec asks for; {@code defaultChannels} when the spec leaves channels open. */
  public static ImageConversion of(ImageSpec spec, int defaultChannels) {
    return new ImageConversion(spec.channels() == null ? defaultChannels : spec.channels(),
        spec.size(), spec.resizeShorter(), spec.maxSide(), spec.jpegQuality());
  }

  /**
   * A stored image: the pixels training will decode from it, its bytes and their format.
   *
   * @param image the pixels the stored bytes decode to
   * @param bytes the image file's bytes
   * @param format {@code jpg} or {@code png}
   */
  public record Stored(RasterImage image, byte[] bytes, String format) {}

  public RasterImage apply(RasterImage image) {
    RasterImage out = ImageDecoding.toChannels(image, channels);
    if (resizeShorter != null) {
      out = Preprocessing.resizeShorter(out, resizeShorter, Interpolation.BILINEAR);
      if (size != null) {
        out = Preprocessing.centerCrop(out, size, size);
      }
    } else if (size != null) {
      out = Preprocessing.resize(out, size, size, Interpolation.BILINEAR);
    }
    return out;
  }

  /** How a decoded source is stored (see the class comment). */
  public Stored store(RawItem.Source source) {
    RasterImage decoded = source.image();
    byte[] encoded = source.encoded();
    boolean unchanged = size == null && resizeShorter == null && decoded.channels() == channels;
    if (maxSide != null && Math.max(decoded.width(), decoded.height()) > maxSide) {
      RasterImage converted = ImageDecoding.toChannels(decoded, channels);
      double scale = maxSide / (double) Math.max(decoded.width(), decoded.height());
      int w = Math.max(1, (int) Math.round(decoded.width() * scale));
      int h = Math.max(1, (int) Math.round(decoded.height() * scale));
      byte[] jpeg = dev.recipe.data.shard.JpegCodec.encode(Preprocessing.resize(converted, w, h, Interpolation.BILINEAR), jpegQuality);
      // the pixels training sees are the JPEG's, so statistics come from decoding it again
      return new Stored(ImageDecoding.toChannels(ImageDecoding.decode(jpeg), channels), jpeg, "jpg");
    }
    if (size == null && resizeShorter == null && encoded != null && ImageDecoding.isJpeg(encoded)) {
      // the reader converts a stored JPEG to the dataset's channels, as here
      return new Stored(ImageDecoding.toChannels(decoded, channels), encoded, "jpg");
    }
    if (unchanged && encoded != null && PngCodec.readsAs(encoded, decoded)) {
      return new Stored(decoded, encoded, "png"); // a PNG our reader decodes to the same pixels
    }
    RasterImage img = apply(decoded);
    return new Stored(img, PngCodec.encode(img), "png");
  }
}
