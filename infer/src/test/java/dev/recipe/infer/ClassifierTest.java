package dev.recipe.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recipe.core.RecipeException;
import dev.recipe.core.run.RunDirectory;
import dev.recipe.data.ImageDecoding;
import dev.recipe.data.RasterImage;
import dev.recipe.deploy.Backend;
import dev.recipe.deploy.ClassScore;
import dev.recipe.deploy.Classifier;
import dev.recipe.deploy.OnnxClassifier;
import dev.recipe.deploy.Prediction;
import dev.recipe.model.ModelDescriptor;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifierTest {
  @TempDir Path dir;
  RunDirectory run;

  @BeforeEach
  void setUp() {
    run = TestRuns.create(dir.resolve("run"), 3, 4, null);
    // Resize the shorter side to 10 and center-crop 10x10: any image size fits the model.
    ModelDescriptor d = ModelDescriptor.read(run.model());
    var p = d.preprocessing();
    new ModelDescriptor(d.config(), d.classNames(),
        new dev.recipe.data.Preprocessing(10, 10, p.interpolation(), p.mean(), p.std(), p.channels()),
        10, 10, d.weightsFile(), d.weightsSha256(), d.specHash(), d.codeCommit()).write(run.model());
  }

  private static BufferedImage image(int type, int w, int h, long seed) {
    BufferedImage img = new BufferedImage(w, h, type);
    Random r = new Random(seed);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, r.nextInt(0xffffff));
      }
    }
    return img;
  }

  /** A CMYK JPEG: the JDK's writer stores a 4-band raster as Adobe CMYK; only TwelveMonkeys reads it back. */
  private static void writeCmykJpeg(Path file, int w, int h) throws Exception {
    WritableRaster raster = Raster.createInterleavedRaster(
        java.awt.image.DataBuffer.TYPE_BYTE, w, h, 4, null);
    Random r = new Random(3);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int b = 0; b < 4; b++) {
          raster.setSample(x, y, b, r.nextInt(256));
        }
      }
    }
    Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg");
    ImageWriter writer = it.next();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(raster, null, null), null);
    } finally {
      writer.dispose();
    }
  }

  @Test
  void predictsPngAndJpegOfAnyModeAndOddSize() throws Exception {
    Path grayPng = dir.resolve("gray.png");
    ImageIO.write(image(BufferedImage.TYPE_BYTE_GRAY, 13, 17, 1), "png", grayPng.toFile());
    Path rgbPng = dir.resolve("rgb.png");
    ImageIO.write(image(BufferedImage.TYPE_INT_RGB, 31, 9, 2), "png", rgbPng.toFile());
    Path grayJpg = dir.resolve("gray.jpg");
    ImageIO.write(image(BufferedImage.TYPE_BYTE_GRAY, 11, 23, 3), "jpeg", grayJpg.toFile());
    Path rgbJpg = dir.resolve("rgb.jpeg");
    ImageIO.write(image(BufferedImage.TYPE_3BYTE_BGR, 25, 19, 4), "jpeg", rgbJpg.toFile());
    Path cmykJpg = dir.resolve("cmyk.jpg");
    writeCmykJpeg(cmykJpg, 15, 21);
    assertEquals(3, ImageDecoding.decode(cmykJpg).channels());
    try (Classifier c = Classifiers.open(run.root(), Backend.DJL, 0)) {
      for (Path f : List.of(grayPng, rgbPng, grayJpg, rgbJpg, cmykJpg)) {
        Prediction p = c.predict(f);
        assertEquals(4, p.top().size(), f.toString());
        double sum = p.top().stream().mapToDouble(ClassScore::probability).sum();
        assertEquals(1.0, sum, 1e-9, f.toString());
        assertTrue(p.top().get(0).probability() >= p.top().get(3).probability());
        assertTrue(TestRuns.CLASSES.contains(p.best().name()));
        // Batch prediction gives the same classes (logits may differ in the last bits by batch shape).
        RasterImage img = ImageDecoding.decode(f);
        Prediction inBatch = c.predict(List.of(img, img), 2).get(1);
        assertEquals(p.best().index(), inBatch.best().index());
        assertEquals(2, inBatch.top().size());
      }
    }
  }

  @Test
  void sameImageGivesSameLogitsEveryTime() throws Exception {
    Path png = dir.resolve("x.png");
    ImageIO.write(image(BufferedImage.TYPE_INT_RGB, 14, 14, 9), "png", png.toFile());
    try (Classifier a = Classifiers.open(run.root(), Backend.DJL, 0);
        Classifier b = Classifiers.open(run.root().resolve("model"), Backend.DJL, 0)) {
      assertArrayEquals(a.predict(png).logits(), b.predict(png).logits());
    }
  }

  @Test
  void clearErrorsNameTheFile() throws Exception {
    RecipeException missing = assertThrows(RecipeException.class,
        () -> Classifiers.open(dir.resolve("nope"), Backend.DJL, 0));
    assertEquals(RecipeException.BAD_INPUT, missing.exitCode());
    assertTrue(missing.getMessage().contains("nope"), missing.getMessage());

    RecipeException noOnnx = assertThrows(RecipeException.class,
        () -> Classifiers.open(run.root(), Backend.ONNX, 0));
    assertTrue(noOnnx.getMessage().contains("recipe export"), noOnnx.getMessage());

    Path text = dir.resolve("notes.txt");
    Files.writeString(text, "not an image");
    RecipeException notModel = assertThrows(RecipeException.class,
        () -> Classifiers.open(text, Backend.DJL, 0));
    assertTrue(notModel.getMessage().contains("notes.txt"), notModel.getMessage());

    Path fakeOnnx = dir.resolve("fake.onnx");
    Files.writeString(fakeOnnx, "garbage");
    RecipeException badOnnx = assertThrows(RecipeException.class,
        () -> OnnxClassifier.open(fakeOnnx));
    assertTrue(badOnnx.getMessage().contains("fake.onnx"), badOnnx.getMessage());

    Path truncated = dir.resolve("cut.jpg");
    ImageIO.write(image(BufferedImage.TYPE_INT_RGB, 20, 20, 1), "jpeg", truncated.toFile());
    byte[] bytes = Files.readAllBytes(truncated);
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    try (Classifier c = Classifiers.open(run.root(), Backend.DJL, 0)) {
      RecipeException e1 = assertThrows(RecipeException.class, () -> c.predict(text));
      assertEquals(RecipeException.BAD_INPUT, e1.exitCode());
      assertTrue(e1.getMessage().contains("notes.txt"), e1.getMessage());
      RecipeException e2 = assertThrows(RecipeException.class, () -> c.predict(truncated));
      assertTrue(e2.getMessage().contains("cut.jpg"), e2.getMessage());
      RecipeException e3 = assertThrows(RecipeException.class,
          () -> c.predict(dir.resolve("absent.png")));
      assertTrue(e3.getMessage().contains("absent.png"), e3.getMessage());
    }
    assertTrue(new File(text.toString()).exists());
  }
}
