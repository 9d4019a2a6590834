package dev.recipe.train.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recipe.data.RasterImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

/** The torchvision outputs written by scripts/make_augment_golden.py (committed, no Python needed). */
final class Golden {
  private Golden() {}

  static JsonNode load() {
    try (InputStream in = Golden.class.getResourceAsStream("golden/augment.json.gz")) {
      if (in == null) {
        throw new IllegalStateException("golden/augment.json.gz is missing; run"
            + " scripts/make_augment_golden.py");
      }
      return new ObjectMapper().readTree(new GZIPInputStream(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(JsonNode base64) {
    try {
      return base64.binaryValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RasterImage image(JsonNode n) {
    return new RasterImage(n.get("width").asInt(), n.get("height").asInt(),
        n.get("channels").asInt(), bytes(n.get("pixels")));
  }

  static float[] floats(JsonNode array) {
    float[] f = new float[array.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) array.get(i).asDouble();
    }
    return f;
  }
}
