package dev.recipe.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recipe.core.prov.CodeInfo;
import dev.recipe.core.record.StageRecord;
import dev.recipe.core.run.RunDirectory;
import dev.recipe.core.spec.SpecLoader;
import dev.recipe.core.stage.StageContext;
import dev.recipe.data.ImageDecoding;
import dev.recipe.deploy.InferenceBench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InferStageTest {
  @TempDir Path dir;

  @Test
  void recordsLatencyTableAndWorkedExamples() throws Exception {
    RunDirectory run = TestRuns.create(dir.resolve("run"), 1, 6,
        "infer: {examples: 2, topK: 2, benchBatches: [1, 3], warmup: 5, runs: 20}");
    StageRecord rec = new InferStage().run(new StageContext(SpecLoader.load(run.specResolved()),
        run, CodeInfo.of(null, "t", "./recipe run")));
    assertEquals("infer", rec.stage());
    InferResult result = rec.result(InferResult.class);
    List<InferenceBench.Row> rows = result.metrics().latency();
    assertEquals(4, rows.size()); // djl only (no export yet): 2 batches x with/without preprocessing
    InferenceBench.Row first = rows.get(0);
    assertEquals("djl", first.backend());
    assertEquals(20, first.runs());
    assertTrue(first.p50Ms() <= first.p90Ms() && first.p90Ms() <= first.p99Ms());
    assertTrue(rec.warnings().stream().anyMatch(w -> w.contains("model.onnx")));
    List<InferResult.Example> examples = result.details().examples();
    assertEquals(2, examples.size());
    InferResult.Example ex = examples.get(0);
    Path png = run.root().resolve(ex.image());
    assertTrue(Files.exists(png));
    assertEquals(10, ImageDecoding.decode(png).width());
    assertEquals(2, ex.djl().size());
    assertNull(ex.onnx(), "no export, no ONNX Runtime column");
    assertTrue(TestRuns.CLASSES.contains(ex.trueClass()));
  }
}
