package dev.recipe.data.shard;

import dev.recipe.data.RasterImage;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Baseline JPEG encoding of a gray or RGB image at a given quality, for images that prepare
 * downscales ({@code data.image.maxSide}). Uses the JDK's JPEG writer (libjpeg): the same pixels and
 * quality give the same bytes.
 */
public final class JpegCodec {
  private JpegCodec() {}

  public static byte[] encode(RasterImage image, int quality) {
    BufferedImage bi = new BufferedImage(image.width(), image.height(),
        image.channels() == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
    byte[] dst = ((DataBufferByte) bi.getRaster().getDataBuffer()).getData();
    byte[] src = image.pixels();
    if (image.channels() == 1) {
      System.arraycopy(src, 0, dst, 0, src.length);
    } else {
      for (int i = 0; i < src.length; i += 3) { // RGB to AWT's BGR
        dst[i] = src[i + 2];
        dst[i + 1] = src[i + 1];
        dst[i + 2] = src[i];
      }
    }
    ImageWriter writer = jdkWriter();
    try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      ImageWriteParam p = writer.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(quality / 100f);
      writer.setOutput(out);
      writer.write(null, new IIOImage(bi, null, null), p);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("JPEG encoding failed", e);
    } finally {
      writer.dispose();
    }
  }

  /** The JDK's own writer (not a plugin's), so the bytes do not depend on the classpath. */
  private static ImageWriter jdkWriter() {
    Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg");
    ImageWriter first = null;
    while (it.hasNext()) {
      ImageWriter w = it.next();
      if (w.getClass().getName().startsWith("com.sun.imageio")) {
        return w;
      }
      first = first == null ? w : first;
    }
    if (first == null) {
      throw new IllegalStateException("no JPEG writer in ImageIO");
    }
    return first;
  }
}
