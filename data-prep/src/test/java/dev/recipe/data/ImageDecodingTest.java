package dev.recipe.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recipe.core.RecipeException;
import dev.recipe.data.shard.PngCodec;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageDecodingTest {

  @Test
  void decodesByContentNotName() {
    byte[] png = TestImages.encode(TestImages.rgb(9, 7, 1), "png");
    RasterImage img = ImageDecoding.decode(png, "photo.JPEG");
    assertEquals(9, img.width());
    assertEquals(7, img.height());
    assertEquals(3, img.channels());
    int rgb = TestImages.rgb(9, 7, 1).getRGB(4, 3);
    assertEquals((rgb >> 16) & 0xff, img.get(4, 3, 0));
    assertEquals(rgb & 0xff, img.get(4, 3, 2));
  }

  @Test
  void decodesCmykAndGrayJpegs() {
    RasterImage cmyk = ImageDecoding.decode(TestImages.cmykJpeg(16, 12), "cmyk.JPEG");
    assertEquals(3, cmyk.channels());
    assertEquals(16, cmyk.width());
    RasterImage gray = ImageDecoding.decode(TestImages.jpeg(TestImages.gray(10, 6)), "g.JPEG");
    assertEquals(1, gray.channels());
  }

  @Test
  void badFilesFailWithTheNameAndReason() {
    ImageDecodeException empty = assertThrows(ImageDecodeException.class,
        () -> ImageDecoding.decode(new byte[0], "train/a/zero.JPEG"));
    assertTrue(empty.getMessage().contains("train/a/zero.JPEG"), empty.getMessage());
    assertEquals(RecipeException.BAD_INPUT, empty.exitCode());
    byte[] jpeg = TestImages.jpeg(TestImages.rgb(40, 30, 2));
    ImageDecodeException cut = assertThrows(ImageDecodeException.class,
        () -> ImageDecoding.decode(TestImages.truncated(jpeg), "cut.JPEG"));
    assertTrue(cut.reason().contains("truncated"), cut.reason());
    ImageDecodeException text = assertThrows(ImageDecodeException.class,
        () -> ImageDecoding.decode("hello, not an image".getBytes(StandardCharsets.UTF_8), "x.JPEG"));
    assertTrue(text.reason().contains("not a recognized image"), text.reason());
  }

  @Test
  void channelConversionFollowsPil() {
    RasterImage rgb = new RasterImage(2, 1, 3, new byte[] {(byte) 255, 0, 0, 10, 20, 30});
    RasterImage gray = ImageDecoding.toChannels(rgb, 1);
    // PIL: (R*19595 + G*38470 + B*7471 + 0x8000) >> 16
    assertArrayEquals(new byte[] {76, 18}, gray.pixels());
    RasterImage back = ImageDecoding.toChannels(gray, 3);
    assertArrayEquals(new byte[] {76, 76, 76, 18, 18, 18}, back.pixels());
  }

  @Test
  void pngCodecRoundTripsAndInteroperates() {
    Random r = new Random(3);
    for (int channels : new int[] {1, 3}) {
      byte[] px = new byte[13 * 11 * channels];
      r.nextBytes(px);
      RasterImage img = new RasterImage(13, 11, channels, px);
      byte[] png = PngCodec.encode(img);
      assertArrayEquals(png, PngCodec.encode(img), "deterministic bytes");
      assertArrayEquals(px, PngCodec.decode(png, "t").pixels());
      // ImageIO reads what we write (other tools can read the shards)
      RasterImage viaImageIo = ImageDecoding.decode(png, "t.png");
      assertArrayEquals(px, viaImageIo.pixels());
    }
  }

  /** A PNG whose header claims {@code w x h} gray pixels, with no image data at all. */
  static byte[] pngHeaderOnly(int w, int h) {
    java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(17);
    ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(w).putInt(h)
        .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(ihdr.array());
    java.nio.ByteBuffer png = java.nio.ByteBuffer.allocate(8 + 4 + 17 + 4 + 12);
    png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
    png.putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
    png.putInt(0).put("IEND".getBytes(StandardCharsets.US_ASCII)).putInt(0xAE426082);
    return png.array();
  }

  @Test
  void aHugeImageIsRefusedFromItsHeaderBeforeDecoding() {
    RecipeException e = assertThrows(RecipeException.class,
        () -> ImageDecoding.decode(pngHeaderOnly(20000, 20000), "bomb.png"));
    assertTrue(e.getMessage().contains("20000x20000 = 400000000 pixels is more than the limit of 178956970"),
        e.getMessage());
    System.setProperty("recipe.maxImagePixels", "100");
    try {
      RecipeException small = assertThrows(RecipeException.class,
          () -> ImageDecoding.decode(pngHeaderOnly(11, 10), "small.png"));
      assertTrue(small.getMessage().contains("110 pixels is more than the limit of 100"), small.getMessage());
    } finally {
      System.clearProperty("recipe.maxImagePixels");
    }
  }

  @Test
  void aDirectoryIsNamedAsNotAnImage(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    RecipeException e = assertThrows(RecipeException.class, () -> ImageDecoding.decode(dir));
    assertEquals(RecipeException.BAD_INPUT, e.exitCode());
    assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
  }

  /** A baseline, a progressive, a gray and a CMYK JPEG, by name. */
  private static java.util.Map<String, byte[]> jpegKinds() throws Exception {
    java.util.Map<String, byte[]> jpegs = new java.util.LinkedHashMap<>();
    jpegs.put("baseline", TestImages.jpeg(TestImages.rgb(173, 131, 5)));
    jpegs.put("progressive", progressiveJpeg(TestImages.rgb(173, 131, 9)));
    jpegs.put("gray", TestImages.jpeg(TestImages.gray(97, 65)));
    jpegs.put("cmyk", TestImages.cmykJpeg(60, 44));
    return jpegs;
  }

  /** A progressive JPEG written by the JDK's encoder. */
  private static byte[] progressiveJpeg(java.awt.image.BufferedImage img) throws Exception {
    javax.imageio.ImageWriter w = javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (var out = javax.imageio.ImageIO.createImageOutputStream(bytes)) {
      w.setOutput(out);
      javax.imageio.ImageWriteParam p = w.getDefaultWriteParam();
      p.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
      w.write(null, new javax.imageio.IIOImage(img, null, null), p);
    } finally {
      w.dispose();
    }
    return bytes.toByteArray();
  }

  /**
   * Decoding a region gives exactly the pixels of the whole image cropped (what lets training decode
   * only a random-resized-crop's box): baseline, progressive, gray and CMYK JPEGs, boxes anywhere.
   */
  @org.junit.jupiter.api.Test
  void aDecodedRegionEqualsTheCroppedWholeImage() throws Exception {
    java.util.Map<String, byte[]> jpegs = jpegKinds();
    int[][] boxes = {{0, 0, 10, 10}, {3, 7, 41, 29}, {17, 1, 40, 43}, {0, 0, 60, 44}, {19, 21, 41, 23}};
    for (var e : jpegs.entrySet()) {
      RasterImage full = ImageDecoding.decode(e.getValue(), e.getKey());
      for (int[] b : boxes) {
        int[] box = {Math.min(b[0], full.width() - 1), Math.min(b[1], full.height() - 1), 0, 0};
        box[2] = Math.min(b[2], full.width() - box[0]);
        box[3] = Math.min(b[3], full.height() - box[1]);
        RasterImage region = ImageDecoding.decode(e.getValue(), e.getKey(), (w, h) -> box);
        RasterImage cropped = Preprocessing.crop(full, box[0], box[1], box[2], box[3]);
        org.junit.jupiter.api.Assertions.assertEquals(cropped.channels(), region.channels(), e.getKey());
        org.junit.jupiter.api.Assertions.assertArrayEquals(cropped.pixels(), region.pixels(),
            e.getKey() + " " + java.util.Arrays.toString(box));
      }
    }
  }

  /**
   * Decoding straight into RGB order gives the pixels of the reader's own image converted the
   * general way (baseline, progressive, gray and CMYK JPEGs; RGB and gray PNGs).
   */
  @org.junit.jupiter.api.Test
  void decodesTheReadersOwnPixels() throws Exception {
    java.util.Map<String, byte[]> files = jpegKinds();
    files.put("png", TestImages.encode(TestImages.rgb(31, 17, 3), "png"));
    files.put("gray png", TestImages.encode(TestImages.gray(31, 17), "png"));
    for (var e : files.entrySet()) {
      java.awt.image.BufferedImage own = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(e.getValue()));
      RasterImage expected = ImageDecoding.fromBufferedImage(own);
      RasterImage decoded = ImageDecoding.decode(e.getValue(), e.getKey());
      org.junit.jupiter.api.Assertions.assertEquals(expected.channels(), decoded.channels(), e.getKey());
      org.junit.jupiter.api.Assertions.assertArrayEquals(expected.pixels(), decoded.pixels(), e.getKey());
    }
  }
}
