package dev.recipe.train.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recipe.core.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The committed golden values: scripts/make_training_golden.py (training ops, float32 as bit
 * patterns) and scripts/make_augment_golden.py (torchvision's image ops). No Python is needed.
 */
public final class Golden {
  private Golden() {}

  /** The parsed {@code golden/training.json}. */
  public static JsonNode training() {
    try (InputStream in = Golden.class.getResourceAsStream("/dev/recipe/train/golden/training.json")) {
      if (in == null) {
        throw new IllegalStateException("golden/training.json is missing from the test resources");
      }
      return Json.json().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON array of float32 bit patterns as floats. */
  public static float[] floats(JsonNode bits) {
    float[] out = new float[bits.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Float.intBitsToFloat(bits.get(i).asInt());
    }
    return out;
  }

  /** A JSON array of ints. */
  public static int[] ints(JsonNode a) {
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asInt();
    }
    return out;
  }

  /** A JSON array of longs (a shape). */
  public static long[] longs(JsonNode a) {
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asLong();
    }
    return out;
  }

  /** The parsed {@code golden/augment.json.gz} (torchvision's outputs for the augmentation ops). */
  public static JsonNode augment() {
    try (InputStream in = Golden.class.getResourceAsStream("/dev/recipe/train/data/golden/augment.json.gz")) {
      if (in == null) {
        throw new IllegalStateException("golden/augment.json.gz is missing; run scripts/make_augment_golden.py");
      }
      return Json.json().readTree(new java.util.zip.GZIPInputStream(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Base64 bytes. */
  public static byte[] bytes(JsonNode base64) {
    try {
      return base64.binaryValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An 8-bit image written as {width, height, channels, pixels (base64)}. */
  public static dev.recipe.data.RasterImage image(JsonNode n) {
    return new dev.recipe.data.RasterImage(n.get("width").asInt(), n.get("height").asInt(),
        n.get("channels").asInt(), bytes(n.get("pixels")));
  }

  /** A JSON array of decimal numbers as floats. */
  public static float[] decimalFloats(JsonNode array) {
    float[] f = new float[array.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) array.get(i).asDouble();
    }
    return f;
  }
}
