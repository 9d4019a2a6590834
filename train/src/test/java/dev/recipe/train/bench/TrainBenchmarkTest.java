package dev.recipe.train.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recipe.core.RecipeException;
import dev.recipe.core.io.Json;
import dev.recipe.core.spec.ModelSpec.Stem;
import dev.recipe.core.spec.TrainingSpec.MemoryFormat;
import dev.recipe.core.spec.TrainingSpec.Precision;
import dev.recipe.model.ResNetConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark runs and reports what it measured; no timing is asserted (figures come from the CLI). */
class TrainBenchmarkTest {

  @Test
  void reportsStepsThreadsAndEnvironment(@TempDir Path dir) throws Exception {
    Engine.getEngine("PyTorch"); // loads the native library when this class runs alone
    int threads = JniUtils.getNumThreads(); // keep the test JVM's engine setting
    Path trace = dir.resolve("profiles/trace.json");
    var o = new TrainBenchmark.Options(new ResNetConfig(18, 2, Stem.SMALL, 1, 3, false), 16, 4, 2, 1,
        threads, 1, 0, trace, Precision.FP32, MemoryFormat.CHANNELS_LAST, 1);
    TrainBenchmark.Result r = TrainBenchmark.run(o);
    assertEquals(2, r.stepSeconds().size());
    assertTrue(r.imagesPerSecond() > 0);
    assertEquals(threads, r.environment().get("intraOpThreads"));
    assertEquals("resnet18-w2-small-1ch-3cls", r.architecture());
    assertTrue(Double.isFinite(r.firstLoss()) && Double.isFinite(r.lastLoss()));
    String json = Json.toJson(r);
    assertTrue(json.contains("\"imagesPerSecond\"") && json.contains("\"cpuModel\""), json);

    // the trace holds the 2 timed steps only (not the warm-up): 20 convolutions forward per step
    JsonNode events = new ObjectMapper().readTree(trace.toFile()); // Chrome trace, array format
    long convolutions = 0;
    for (JsonNode e : events) {
      if ("aten::convolution".equals(e.path("name").asText()) && "X".equals(e.path("ph").asText())) {
        convolutions++;
      }
    }
    assertEquals(2 * 20, convolutions);
    try (Stream<Path> left = Files.list(trace.getParent())) {
      assertEquals(List.of(trace), left.toList(), "no temporary file left next to the trace");
    }
  }

  @Test
  void unwritableProfileIsBadInputBeforeMeasuring(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
    var o = new TrainBenchmark.Options(new ResNetConfig(18, 2, Stem.SMALL, 1, 3, false), 16, 4, 2, 1,
        1, 1, 0, file.resolve("trace.json"), Precision.FP32, MemoryFormat.CHANNELS_LAST, 1);
    RecipeException e = assertThrows(RecipeException.class, () -> TrainBenchmark.run(o));
    assertTrue(e.getMessage().contains(file.resolve("trace.json").toString()), e.getMessage());
  }

  @Test
  void badOptionsAreBadInput() {
    var c = new ResNetConfig(18, 2, Stem.SMALL, 1, 3, false);
    assertThrows(RecipeException.class, () -> new TrainBenchmark.Options(c, 16, 0, 2, 1, 1, 1, 0, null,
        Precision.FP32, MemoryFormat.CONTIGUOUS, 1));
    RecipeException odd = assertThrows(RecipeException.class, () -> new TrainBenchmark.Options(c, 16, 6,
        2, 1, 1, 1, 0, null, Precision.FP32, MemoryFormat.CONTIGUOUS, 4));
    assertTrue(odd.getMessage().contains("--devices"), odd.getMessage());
    RecipeException bf16 = assertThrows(RecipeException.class, () -> new TrainBenchmark.Options(c, 16, 4,
        2, 1, 1, 1, 0, null, Precision.BF16, MemoryFormat.CONTIGUOUS, 1));
    assertTrue(bf16.getMessage().contains("bf16 is not available"), bf16.getMessage());
  }

  @Test
  void multiDeviceRunReportsScalingAgainstOneDevice() {
    Engine.getEngine("PyTorch");
    var o = new TrainBenchmark.Options(new ResNetConfig(18, 2, Stem.SMALL, 1, 3, false), 16, 4, 2, 1,
        JniUtils.getNumThreads(), 1, 0, null, Precision.FP16, MemoryFormat.CHANNELS_LAST, 2);
    TrainBenchmark.Result r = TrainBenchmark.run(o);
    assertEquals(2, r.scaling().devices());
    assertTrue(r.scaling().oneDeviceImagesPerSecond() > 0);
    assertEquals(r.scaling().speedup() / 2, r.scaling().efficiency(), 1e-12);
    assertTrue(Double.isFinite(r.firstLoss()), "float16 steps compute a finite loss: " + r.firstLoss());
  }
}
