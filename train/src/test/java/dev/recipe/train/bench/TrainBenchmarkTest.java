package dev.recipe.train.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.recipe.core.RecipeException;
import dev.recipe.core.io.Json;
import dev.recipe.core.spec.ModelSpec.Stem;
import dev.recipe.train.model.ResNetConfig;
import org.junit.jupiter.api.Test;

/** The benchmark runs and reports what it measured; no timing is asserted (figures come from the CLI). */
class TrainBenchmarkTest {

  @Test
  void reportsStepsThreadsAndEnvironment() {
    Engine.getEngine("PyTorch"); // loads the native library when this class runs alone
    int threads = JniUtils.getNumThreads(); // keep the test JVM's engine setting
    var o = new TrainBenchmark.Options(new ResNetConfig(18, 2, Stem.SMALL, 1, 3, false), 16, 4, 2, 1,
        threads, 1, 0);
    TrainBenchmark.Result r = TrainBenchmark.run(o);
    assertEquals(2, r.stepSeconds().size());
    assertTrue(r.imagesPerSecond() > 0);
    assertEquals(threads, r.environment().get("intraOpThreads"));
    assertEquals("resnet18-w2-small-1ch-3cls", r.architecture());
    assertTrue(Double.isFinite(r.firstLoss()) && Double.isFinite(r.lastLoss()));
    String json = Json.toJson(r);
    assertTrue(json.contains("\"imagesPerSecond\"") && json.contains("\"cpuModel\""), json);
  }

  @Test
  void badOptionsAreBadInput() {
    var c = new ResNetConfig(18, 2, Stem.SMALL, 1, 3, false);
    assertThrows(RecipeException.class, () -> new TrainBenchmark.Options(c, 16, 0, 2, 1, 1, 1, 0));
  }
}
