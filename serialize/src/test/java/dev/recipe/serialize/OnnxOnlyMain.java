package dev.recipe.serialize;

import dev.recipe.data.RasterImage;
import dev.recipe.deploy.OnnxClassifier;
import dev.recipe.deploy.Prediction;
import java.nio.file.Path;

/**
 * Run in a child JVM whose classpath has no DJL jar: opens an exported model with ONNX Runtime
 * alone and prints the top class of a gray test image and the logits' first value.
 */
public final class OnnxOnlyMain {
  private OnnxOnlyMain() {}

  public static void main(String[] args) throws Exception {
    byte[] px = new byte[28 * 28];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) (i * 7);
    }
    try (OnnxClassifier c = OnnxClassifier.open(Path.of(args[0]))) {
      Prediction p = c.predict(new RasterImage(28, 28, 1, px));
      System.out.println("top " + p.top().get(0).name() + " " + p.logits()[0]);
    }
  }
}
