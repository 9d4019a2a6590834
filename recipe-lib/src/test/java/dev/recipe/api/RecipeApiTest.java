package dev.recipe.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recipe.core.RecipeException;
import dev.recipe.core.io.Json;
import dev.recipe.core.stage.StageName;
import dev.recipe.pipeline.Pipeline;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline from Java: one call, typed results, the same skipping and errors as the CLI. */
class RecipeApiTest {
  @TempDir Path tmp;

  private Recipe.Builder tiny(Path out) {
    Recipe.Builder b = Recipe.builder().setSpec(Path.of("..", "recipes", "fashion-mnist-quickstart.yaml"))
        .optRunDirectory(out);
    for (String o : java.util.List.of("data.split.limitPerClass=20", "model.width=4", "training.epochs=1",
        "training.batchSize=16", "training.maxStepsPerEpoch=3", "evaluation.targets=[{metric: top1, min: 0.0}]",
        "export.paritySamples=16", "infer.benchBatches=[1]", "infer.examples=1")) {
      b.optOverride(o);
    }
    return b;
  }

  @Test
  void runsThePipelineAndReturnsTypedResults() throws Exception {
    RunResult r = tiny(tmp.resolve("run")).build().run();
    assertEquals(StageName.values().length, r.stages().size());
    assertTrue(r.stages().stream().allMatch(s -> s.outcome() == Pipeline.Outcome.RAN), r.stages().toString());
    double top1 = Json.json().readTree(r.run().evalMetrics().toFile()).path("accuracy").path("top1").asDouble();
    assertEquals(top1, r.accuracy("top1").orElseThrow());
    assertEquals(200, r.evaluation().orElseThrow().samples());
    assertEquals(64, r.weightsSha256().orElseThrow().length());
    assertTrue(r.recipe().orElseThrow().endsWith("RECIPE.md"));
    assertTrue(r.onnx().isPresent());

    RunResult again = tiny(tmp.resolve("run")).build().run();
    assertTrue(again.stages().stream().allMatch(s -> s.outcome() == Pipeline.Outcome.SKIPPED), again.stages().toString());
    assertEquals(r.weightsSha256(), again.weightsSha256());
  }

  @Test
  void badInputIsARecipeExceptionWithExitCodeTwo() {
    RecipeException e = assertThrows(RecipeException.class,
        () -> tiny(tmp.resolve("bad")).optOverride("training.epochs=-1").build());
    assertEquals(RecipeException.BAD_INPUT, e.exitCode());
  }
}
