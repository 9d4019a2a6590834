package dev.recipe.serialize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recipe.core.spec.ModelSpec.Stem;
import dev.recipe.data.Preprocessing;
import dev.recipe.data.RasterImage;
import dev.recipe.deploy.OnnxClassifier;
import dev.recipe.model.ResNetConfig;
import dev.recipe.model.ResNetOnnx;
import dev.recipe.model.StateDict;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ONNX path of inference is a real deployment target: it runs in a JVM with no DJL at all. */
class OnnxWithoutDjlTest {
  @TempDir Path tmp;

  @Test
  void onnxClassifierRunsWithNoDjlOnTheClasspath() throws Exception {
    ResNetConfig config = new ResNetConfig(18, 4, Stem.SMALL, 1, 3, false);
    StateDict weights = TestModels.randomWeights(config, 5);
    Preprocessing pre = TestModels.preprocessing(1);
    List<String> names = List.of("ant", "bee", "cat");
    Path onnx = tmp.resolve("model.onnx");
    Files.write(onnx, ResNetOnnx.toBytes(config, weights, 28, 28, 17, "test", TestModels.metadata(names, pre)));

    String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !e.contains("ai/djl") && !e.contains("ai.djl"))
        .collect(Collectors.joining(File.pathSeparator));
    assertFalse(classpath.contains("pytorch"), classpath);
    // The parent's real classpath (not a manifest-only booter jar), minus DJL, is what the child gets.
    assertTrue(classpath.contains("onnxruntime") && classpath.contains("infer"), classpath);
    assertTrue(System.getProperty("java.class.path").contains("ai/djl"), "the parent does have DJL");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classpath, OnnxOnlyMain.class.getName(), onnx.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
    assertEquals(0, p.exitValue(), out);

    // The same prediction in this JVM (where DJL is present but unused by the ONNX path).
    byte[] px = new byte[28 * 28];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) (i * 7);
    }
    try (OnnxClassifier c = OnnxClassifier.open(onnx)) {
      var pred = c.predict(new RasterImage(28, 28, 1, px));
      assertTrue(out.contains("top " + pred.top().get(0).name() + " " + pred.logits()[0]), out);
    }
  }
}
