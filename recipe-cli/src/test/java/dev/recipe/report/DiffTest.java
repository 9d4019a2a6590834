package dev.recipe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recipe.core.run.RunDirectory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiffTest {
  @TempDir Path tmp;

  @Test
  void twoFaithfulRunsDifferOnlyInVolatileFields() {
    // two real runs of the same spec, each from nothing in its own directory
    RunDirectory a = RealRun.of();
    RunDirectory b = RealRun.rerun();
    RecipeDiff.Report r = RecipeDiff.compare(a.root(), b.root());
    assertEquals(0, r.nonVolatile(), r.format());
    assertTrue(r.volatileCount() > 10, r.format());
    String out = r.format();
    assertTrue(out.contains("== Volatile (expected to differ): "), out);
    assertTrue(out.contains("stages.train.volatileInfo.start"), out);
    assertTrue(out.contains("dynamics[epoch=1].imagesPerSecond"), out);
    assertTrue(out.contains("stages.infer.metrics.latency["), out);
    assertTrue(out.contains("== Spec: identical"), out);
    Cli cli = Cli.run("diff", "--exit-code", a.root().toString(), b.root().toString());
    assertEquals(0, cli.exit(), cli.out());
  }

  @Test
  void renderedRecipesCompareLikeTheirRuns() {
    RecipeDiff.Report r = RecipeDiff.compare(RealRun.of().recipeJson(), RealRun.rerun().recipeJson());
    assertEquals(0, r.nonVolatile(), r.format());
  }

  @Test
  void aChangedHyperparameterIsANonVolatileDifference() {
    RunDirectory a = RealRun.of();
    RunDirectory b = RealRun.of("training.optimizer.lr=0.05");
    RecipeDiff.Report r = RecipeDiff.compare(a.root(), b.root());
    // the spec field, the schedule formula the train stage derived from it, and what it changed
    List<RecipeDiff.Change> spec = r.changes().get(RecipeDiff.Group.SPEC);
    assertEquals(1, spec.size(), r.format());
    assertEquals("training.optimizer.lr", spec.get(0).field().substring(5));
    assertEquals("0.1", spec.get(0).a());
    assertTrue(r.changes().get(RecipeDiff.Group.OTHER).stream()
        .anyMatch(c -> c.field().equals("stages.train.details.lrFormula")), r.format());
    assertTrue(r.changes().get(RecipeDiff.Group.DATA).stream()
        .anyMatch(c -> c.field().equals("stages.train.outputs[path=model/weights.safetensors].sha256")), r.format());
    assertEquals(1, Cli.run("diff", "--exit-code", a.root().toString(), b.root().toString()).exit());
    assertEquals(0, Cli.run("diff", a.root().toString(), b.root().toString()).exit());
    assertEquals(2, Cli.run("diff", a.root().toString(), tmp.resolve("nothing").toString()).exit());
  }

  /**
   * Run-to-run noise is volatile, what it sits next to is not: the dynamics log's bytes (per-step
   * timings) but not the weights', the launcher's load reading but not the wait policy it chose.
   */
  @Test
  void runToRunNoiseIsVolatileButWhatItSitsNextToIsNot() {
    java.util.Map<String, RecipeDiff.Group> expected = java.util.Map.of(
        "stages.train.outputs[path=metrics/train.jsonl].sha256", RecipeDiff.Group.VOLATILE,
        "stages.train.outputs[path=model/weights.safetensors].sha256", RecipeDiff.Group.DATA,
        "stages.train.environment.threads.env.RECIPE_NATIVE_LOAD", RecipeDiff.Group.VOLATILE,
        "stages.train.environment.threads.env.GOMP_SPINCOUNT", RecipeDiff.Group.ENVIRONMENT);
    expected.forEach((field, group) -> assertEquals(group, RecipeDiff.classify(field), field));
  }
}
