package dev.recipe.data;

import dev.recipe.core.prov.CodeInfo;
import dev.recipe.core.run.RunDirectory;
import dev.recipe.core.spec.RecipeSpec;
import dev.recipe.core.spec.SpecLoader;
import dev.recipe.core.stage.StageContext;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Generated images and helpers shared by the tests. */
final class TestImages {
  private TestImages() {}

  static BufferedImage rgb(int w, int h, int seed) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int r = (x * 255 / w + seed * 40) & 0xff;
        int g = (y * 255 / h + seed * 15) & 0xff;
        int b = ((x + y) * 8 + seed) & 0xff;
        img.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return img;
  }

  static BufferedImage gray(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster r = img.getRaster();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        r.setSample(x, y, 0, (x * 7 + y * 3) & 0xff);
      }
    }
    return img;
  }

  static byte[] encode(BufferedImage img, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalStateException("no writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] jpeg(BufferedImage img) {
    return encode(img, "jpeg");
  }

  /** A CMYK JPEG: a 4-band raster written without a color model (Adobe marker, as Photoshop). */
  static byte[] cmykJpeg(int w, int h) {
    WritableRaster raster = Raster.createInterleavedRaster(
        java.awt.image.DataBuffer.TYPE_BYTE, w, h, 4, null);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        raster.setPixel(x, y, new int[] {x * 10 & 0xff, y * 10 & 0xff, 40, 20});
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(ios);
      writer.write(null, new IIOImage(raster, null, null), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  static byte[] truncated(byte[] jpeg) {
    return Arrays.copyOf(jpeg, jpeg.length / 2);
  }

  static RecipeSpec spec(String yaml) {
    return SpecLoader.parse(yaml, "test.yaml", List.of());
  }

  static StageContext context(RecipeSpec spec, Path runDir) {
    return new StageContext(spec, RunDirectory.of(runDir), CodeInfo.of(null, "test", "./recipe test"));
  }
}
