package dev.recipe.data;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes image files into {@link RasterImage}s by their content, not their name (a PNG named
 * {@code .JPEG} decodes as PNG), with TwelveMonkeys ImageIO for JPEGs the JDK cannot read (CMYK,
 * YCCK, odd ICC profiles). Gray images stay 1 channel, everything else becomes RGB (alpha dropped,
 * as PIL's {@code convert("RGB")}). A truncated JPEG is an error, as in PIL, not a grey-padded image.
 */
public final class ImageDecoding {
  static {
    // TwelveMonkeys registers through the service loader; scanning again makes sure its readers are
    // present even when the JDK's ImageIO registry was initialized by another class loader first.
    ImageIO.scanForPlugins();
  }

  /**
   * Largest image decoded, in pixels: PIL's decompression-bomb threshold (2 x {@code
   * Image.MAX_IMAGE_PIXELS}). The header is read first, so a larger image is refused before a
   * single row is decoded. Raise it with {@code -Drecipe.maxImagePixels=N} (in {@code
   * RECIPE_JAVA_OPTS} for the launcher).
   */
  public static final long DEFAULT_MAX_PIXELS = 178_956_970L;

  private ImageDecoding() {}

  static long maxPixels() {
    String v = System.getProperty("recipe.maxImagePixels");
    if (v == null) {
      return DEFAULT_MAX_PIXELS;
    }
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw dev.recipe.core.RecipeException.badInput("-Drecipe.maxImagePixels must be a whole number, got '" + v + "'");
    }
  }

  /** Decodes a file; an {@link ImageDecodeException} names it when it is not a readable image. */
  public static RasterImage decode(Path file) {
    if (Files.isDirectory(file)) {
      throw new ImageDecodeException(file.toString(), "is a directory, not an image file");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ImageDecodeException(file.toString(), "file not found", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return decode(bytes, file.toString());
  }

  /** Decodes encoded image bytes. */
  public static RasterImage decode(byte[] bytes) {
    return decode(bytes, "image bytes");
  }

  /** Decodes encoded image bytes; {@code name} names them in errors. */
  public static RasterImage decode(byte[] bytes, String name) {
    return decode(bytes, name, null);
  }

  /**
   * Decodes only the region {@code box} picks from the image's {width, height} ({left, top, width,
   * height}); null decodes everything. The decoder reads the region's rows and no further, so a
   * small box near the top is much cheaper, and the pixels are those of the whole image cropped.
   */
  public static RasterImage decode(byte[] bytes, String name,
      java.util.function.BiFunction<Integer, Integer, int[]> box) {
    if (bytes.length == 0) {
      throw new ImageDecodeException(name, "empty file (0 bytes)");
    }
    if (isJpeg(bytes) && !hasJpegEnd(bytes)) {
      throw new ImageDecodeException(name, "truncated JPEG (no end-of-image marker)");
    }
    BufferedImage image;
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new ImageDecodeException(name, "not a recognized image format");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
        long max = maxPixels();
        if (pixels > max) {
          throw new ImageDecodeException(name, reader.getWidth(0) + "x" + reader.getHeight(0) + " = "
              + pixels + " pixels is more than the limit of " + max
              + " (raise it with -Drecipe.maxImagePixels=N)");
        }
        javax.imageio.ImageReadParam param = reader.getDefaultReadParam();
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (box != null) {
          int[] b = box.apply(width, height);
          param.setSourceRegion(new java.awt.Rectangle(b[0], b[1], b[2], b[3]));
          width = b[2];
          height = b[3];
        }
        BufferedImage rgb = rgbDestination(reader, width, height);
        if (rgb != null) {
          param.setDestination(rgb);
        }
        image = reader.read(0, param);
      } finally {
        reader.dispose();
      }
      if (image == null) {
        throw new ImageDecodeException(name, "the decoder returned no image");
      }
    } catch (ImageDecodeException e) {
      throw e;
    } catch (IOException | RuntimeException | LinkageError e) {
      throw new ImageDecodeException(name, "corrupt or unsupported image: " + e.getMessage(), e);
    }
    return fromBufferedImage(image, true);
  }

  /**
   * An RGB-ordered 8-bit image to decode into when the reader would otherwise make a
   * {@code TYPE_3BYTE_BGR} image (color JPEGs and PNGs): the same sRGB values in our order, so no
   * pass over the pixels to swap channels (a fifth of the training input transform's time). Null
   * for any other image type, which takes the general conversion.
   */
  private static BufferedImage rgbDestination(ImageReader reader, int width, int height)
      throws IOException {
    Iterator<javax.imageio.ImageTypeSpecifier> types = reader.getImageTypes(0);
    if (!types.hasNext() || types.next().getBufferedImageType() != BufferedImage.TYPE_3BYTE_BGR) {
      return null;
    }
    java.awt.image.WritableRaster raster = Raster.createInterleavedRaster(
        java.awt.image.DataBuffer.TYPE_BYTE, width, height, width * 3, 3, new int[] {0, 1, 2}, null);
    return new BufferedImage(RGB_MODEL, raster, false, null);
  }

  private static final java.awt.image.ColorModel RGB_MODEL = new java.awt.image.ComponentColorModel(
      java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB), false, false,
      java.awt.Transparency.OPAQUE, java.awt.image.DataBuffer.TYPE_BYTE);

  /** Converts a decoded AWT image: 1 channel for gray, RGB otherwise. */
  public static RasterImage fromBufferedImage(BufferedImage image) {
    return fromBufferedImage(image, false);
  }

  /** As above; {@code owned}: the image is ours alone, so its pixel array may be taken over. */
  private static RasterImage fromBufferedImage(BufferedImage image, boolean owned) {
    int w = image.getWidth();
    int h = image.getHeight();
    Raster raster = image.getRaster();
    int type = image.getType();
    if (type == BufferedImage.TYPE_BYTE_GRAY) {
      return new RasterImage(w, h, 1, copyBytes(raster, w * h, owned));
    }
    if (image.getColorModel() == RGB_MODEL) {
      return new RasterImage(w, h, 3, copyBytes(raster, w * h * 3, owned));
    }
    if (type == BufferedImage.TYPE_3BYTE_BGR) {
      byte[] bgr = copyBytes(raster, w * h * 3, owned);
      for (int i = 0; i < bgr.length; i += 3) {
        byte b = bgr[i];
        bgr[i] = bgr[i + 2];
        bgr[i + 2] = b;
      }
      return new RasterImage(w, h, 3, bgr);
    }
    if (raster.getNumBands() == 1 && image.getColorModel().getNumComponents() == 1) {
      // 16-bit or otherwise non-standard gray: scale the raw samples, avoiding AWT's gamma conversion.
      int bits = image.getColorModel().getComponentSize(0);
      long max = (1L << bits) - 1;
      int[] samples = raster.getSamples(0, 0, w, h, 0, (int[]) null);
      byte[] out = new byte[w * h];
      for (int i = 0; i < out.length; i++) {
        out[i] = (byte) ((samples[i] * 255L + max / 2) / max);
      }
      return new RasterImage(w, h, 1, out);
    }
    int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
    byte[] out = new byte[w * h * 3];
    for (int i = 0, o = 0; i < argb.length; i++, o += 3) {
      out[o] = (byte) (argb[i] >> 16);
      out[o + 1] = (byte) (argb[i] >> 8);
      out[o + 2] = (byte) argb[i];
    }
    return new RasterImage(w, h, 3, out);
  }

  private static byte[] copyBytes(Raster raster, int expected, boolean owned) {
    if (raster.getDataBuffer() instanceof DataBufferByte db
        && db.getNumBanks() == 1 && db.getData().length == expected
        && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0) {
      return owned ? db.getData() : db.getData().clone();
    }
    int[] samples = raster.getPixels(0, 0, raster.getWidth(), raster.getHeight(), (int[]) null);
    byte[] out = new byte[samples.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) samples[i];
    }
    return out;
  }

  /**
   * Converts to 1 (gray) or 3 (RGB) channels. Gray to RGB copies the value into each channel; RGB
   * to gray uses PIL's integer ITU-R 601-2 luma, {@code (R*19595 + G*38470 + B*7471 + 0x8000) >> 16}.
   */
  public static RasterImage toChannels(RasterImage image, int channels) {
    if (image.channels() == channels) {
      return image;
    }
    byte[] in = image.pixels();
    int n = image.width() * image.height();
    if (channels == 3) {
      byte[] out = new byte[n * 3];
      for (int i = 0; i < n; i++) {
        out[3 * i] = in[i];
        out[3 * i + 1] = in[i];
        out[3 * i + 2] = in[i];
      }
      return new RasterImage(image.width(), image.height(), 3, out);
    }
    if (channels != 1) {
      throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    }
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      int r = in[3 * i] & 0xff;
      int g = in[3 * i + 1] & 0xff;
      int b = in[3 * i + 2] & 0xff;
      out[i] = (byte) ((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16);
    }
    return new RasterImage(image.width(), image.height(), 1, out);
  }

  /** Whether the bytes start like a JPEG file (SOI marker). */
  public static boolean isJpeg(byte[] b) {
    return b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF;
  }

  /** An end-of-image marker near the end (encoders may pad a few bytes after it). */
  private static boolean hasJpegEnd(byte[] b) {
    int stop = Math.max(2, b.length - 64);
    for (int i = b.length - 1; i >= stop; i--) {
      if ((b[i] & 0xff) == 0xD9 && (b[i - 1] & 0xff) == 0xFF) {
        return true;
      }
    }
    return false;
  }
}
