package dev.recipe.train.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recipe.core.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The committed golden values of scripts/make_training_golden.py (float32 as bit patterns). */
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
}
