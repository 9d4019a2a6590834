package dev.recipe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recipe.core.run.RunDirectory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiffTest {
  @TempDir Path tmp;

  @Test
  void twoFaithfulRunsDifferOnlyInVolatileFields() throws Exception {
    RunDirectory a = SyntheticRun.write(tmp.resolve("runs/a"), SyntheticRun.Variant.a());
    RunDirectory b = SyntheticRun.write(tmp.resolve("runs/b-somewhere-else"), SyntheticRun.Variant.b());
    RecipeDiff.Report r = RecipeDiff.compare(a.root(), b.root());
    assertEquals(0, r.nonVolatile(), r.format());
    assertTrue(r.volatileCount() > 10, r.format());
    String out = r.format();
    assertTrue(out.contains("== Volatile (expected to differ): "), out);
    assertTrue(out.contains("stages.train.volatileInfo.host"), out);
    assertTrue(out.contains("dynamics[epoch=1].imagesPerSecond"), out);
    assertTrue(out.contains("stages.infer.metrics.latency[backend=djl,batch=1].meanMs"), out);
    assertTrue(out.contains("== Spec: identical"), out);
    Cli cli = Cli.run("diff", "--exit-code", a.root().toString(), b.root().toString());
    assertEquals(0, cli.exit(), cli.out());
  }

  @Test
  void renderedRecipesCompareLikeTheirRuns() throws Exception {
    RunDirectory a = SyntheticRun.write(tmp.resolve("runs/a"), SyntheticRun.Variant.a());
    RunDirectory b = SyntheticRun.write(tmp.resolve("runs/b"), SyntheticRun.Variant.b());
    RenderStage.render(a);
    RenderStage.render(b);
    RecipeDiff.Report r = RecipeDiff.compare(a.recipeJson(), b.recipeJson());
    assertEquals(0, r.nonVolatile(), r.format());
  }

  @Test
  void aChangedHyperparameterIsANonVolatileDifference() throws Exception {
    RunDirectory a = SyntheticRun.write(tmp.resolve("runs/a"), SyntheticRun.Variant.a());
    RunDirectory b = SyntheticRun.write(tmp.resolve("runs/b"),
        new SyntheticRun.Variant("host-a", 1_790_000_000L, 1.0, "training.optimizer.lr=0.05"));
    RecipeDiff.Report r = RecipeDiff.compare(a.root(), b.root());
    // the spec field, and the schedule formula the train stage derived from it
    assertEquals(2, r.nonVolatile(), r.format());
    assertEquals("stages.train.details.lrFormula",
        r.changes().get(RecipeDiff.Group.OTHER).get(0).field(), r.format());
    assertEquals("0.1", r.changes().get(RecipeDiff.Group.SPEC).get(0).a());
    assertEquals("training.optimizer.lr", r.changes().get(RecipeDiff.Group.SPEC).get(0).field().substring(5));
    assertEquals(1, Cli.run("diff", "--exit-code", a.root().toString(), b.root().toString()).exit());
    assertEquals(0, Cli.run("diff", a.root().toString(), b.root().toString()).exit());
    assertEquals(2, Cli.run("diff", a.root().toString(), tmp.resolve("nothing").toString()).exit());
  }

  @Test
  void theDynamicsLogsBytesAreVolatileButOtherOutputsAreData() {
    assertEquals(RecipeDiff.Group.VOLATILE,
        RecipeDiff.classify("stages.train.outputs[path=metrics/train.jsonl].sha256"));
    assertEquals(RecipeDiff.Group.DATA,
        RecipeDiff.classify("stages.train.outputs[path=model/weights.safetensors].sha256"));
  }
}
