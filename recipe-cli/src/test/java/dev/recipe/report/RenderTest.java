package dev.recipe.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recipe.core.io.Json;
import dev.recipe.core.record.StageRecord;
import dev.recipe.core.run.RunDirectory;
import dev.recipe.data.Manifest;
import dev.recipe.evaluate.EvalReport;
import dev.recipe.train.TrainResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderTest {
  @TempDir Path tmp;

  @Test
  void rendersEverySectionFromTheRecordsAndPassesLint() throws Exception {
    RunDirectory run = RealRun.of(); // rendered by the pipeline's own render stage
    String md = Files.readString(run.recipeMarkdown());

    for (String heading : List.of("## Data", "### Raw data", "#### Description", "#### Path",
        "### Data processing methods", "#### Code", "## Training", "### Optimization methods",
        "#### Hyperparameters", "#### Dynamics", "#### Outputs", "### Performance metrics",
        "#### Target metrics", "## Inference", "### Timing information", "### Serialization",
        "## Miscellaneous", "### Warnings", "### Quarantined inputs", "### Environment",
        "### Determinism", "### Reproduce")) {
      assertTrue(md.contains("\n" + heading + "\n"), "missing heading " + heading);
    }
    // facts from each stage, as the real stages recorded them
    assertTrue(md.contains("c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"), "raw SHA-256");
    assertTrue(md.contains("local folder of the spec's sources: train-images-idx3-ubyte.gz"), "raw source");
    assertTrue(!md.contains("local:/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"),
        "no machine path for a local source");
    assertTrue(md.contains(Manifest.read(run.data()).fingerprint()), "fingerprint");
    StageRecord trainRecord = StageRecord.read(run.stageRecord("train"));
    if (trainRecord.code().git().commit() != null) {
      assertTrue(md.contains(trainRecord.code().git().commit()), "commit");
    }
    TrainResult train = trainRecord.result(TrainResult.class);
    assertTrue(md.contains("Global batch size: 16"), md);
    assertTrue(md.contains("(" + train.params().stepsPerEpoch() + " steps per epoch)"), md);
    assertTrue(md.contains("Schedule, exactly: " + Markdown.text(train.details().lrFormula())), "schedule formula");
    assertTrue(md.contains("Check value: epoch 1 visits the " + train.details().epoch1Order().count() + " positions"), md);
    EvalReport eval = Json.read(run.evalMetrics(), EvalReport.class);
    String top1 = Targets.format("top1", eval.accuracy().get("top1"));
    assertTrue(md.contains("| top1 | ≥ 5.00% | " + top1 + " | met |"), "target row");
    assertTrue(md.contains("| top1 | " + top1 + " |"), "top-1 achieved");
    assertTrue(md.contains("](infer/examples/test-"), "worked example image");
    assertTrue(md.contains("ONNX Runtime 1.20.0") && md.contains("DJL 0.36.0"), "software versions");
    assertTrue(md.contains("| djl | 1 | yes |"), "latency table");
    assertTrue(md.contains("opset 17"), "opset");
    assertTrue(md.contains("| predicted by DJL (probability) | predicted by ONNX Runtime (probability) |"), "predictions");
    assertTrue(md.contains("Randomness: shuffle from (seed, epoch)"), "determinism");
    assertTrue(md.contains("| maxAbsLogitDiff | "), "parity figure");
    Path wd = Path.of(trainRecord.code().workingDirectory());
    assertTrue(md.contains("./recipe reproduce " + wd.relativize(run.root().toAbsolutePath())
        .toString().replace(java.io.File.separatorChar, '/') + "/recipe.json"), "reproduce command");
    assertFalse(md.contains("_Not recorded:"), () -> "a complete run has nothing unrecorded:\n" + md);
    for (String fig : List.of("loss.png", "accuracy.png", "lr.png", "throughput.png", "time.png")) {
      assertTrue(Files.size(run.figures().resolve(fig)) > 1000, fig);
      assertTrue(md.contains("](figures/" + fig + ")"), "embedded " + fig);
    }
    StageRecord rec = StageRecord.read(run.stageRecord("render"));
    assertEquals(StageRecord.OK, rec.status());
    assertTrue(rec.inputs().stream().anyMatch(r -> r.path().equals("stages/train.json")));

    RecipeLint.Report lint = RecipeLint.lint(run.recipeMarkdown());
    assertTrue(lint.passed(), () -> RecipeLint.format(lint, false));
    assertEquals(0, lint.count(RecipeLint.Severity.WARNING), () -> RecipeLint.format(lint, false));
    assertEquals(0, Cli.run("lint", run.recipeMarkdown().toString()).exit());
    assertEquals(0, Cli.run("verify", run.root().toString()).exit());
  }

  @Test
  void renderingIsDeterministicApartFromNothing() throws Exception {
    RunDirectory run = RealRun.copy(tmp.resolve("runs/a"));
    RenderStage.Rendered first = RenderStage.render(run);
    byte[] png = Files.readAllBytes(run.figures().resolve("loss.png"));
    byte[] json = Files.readAllBytes(run.recipeJson());
    RenderStage.Rendered second = RenderStage.render(run);
    assertEquals(first.markdown(), second.markdown());
    assertArrayEquals(png, Files.readAllBytes(run.figures().resolve("loss.png")));
    assertArrayEquals(json, Files.readAllBytes(run.recipeJson()));
  }

  @Test
  void missingStagesRenderAsNotRecordedWithoutFailing() throws Exception {
    RunDirectory full = RealRun.copy(tmp.resolve("runs/full"));
    for (String s : List.of("train", "evaluate", "export", "infer")) {
      Files.delete(full.stageRecord(s));
    }
    Files.delete(full.trainMetrics());
    Files.delete(full.evalMetrics());
    Files.writeString(full.stageRecord("export"), "{ this is not json");
    RenderStage.Rendered r = RenderStage.render(full);
    assertTrue(r.notRecorded() >= 8, "count of not-recorded items: " + r.notRecorded());
    assertTrue(r.markdown().contains("_Not recorded: the train stage has no record"), r.markdown());
    assertTrue(r.markdown().contains("unreadable record: export.json"), r.markdown());
    assertTrue(r.figures().isEmpty());
    // the headings are all there, so lint names the missing facts rather than missing sections
    RecipeLint.Report lint = RecipeLint.lint("partial", r.markdown());
    assertFalse(lint.passed());
    assertTrue(lint.findings().stream().noneMatch(f -> f.message().startsWith("missing section")),
        () -> RecipeLint.format(lint, false));
  }

  @Test
  void emptyRunDirectoryStillRenders() throws Exception {
    RunDirectory run = RunDirectory.of(tmp.resolve("empty")).create();
    RenderStage.Rendered r = RenderStage.render(run);
    assertTrue(r.markdown().contains("# Training recipe: empty"));
    assertTrue(RecipeJson.sealHolds(Json.json().readTree(run.recipeJson().toFile())));
  }

  @Test
  void renderOfAMissingDirectoryIsBadInput() {
    assertEquals(2, Cli.run("render", tmp.resolve("nope").toString()).exit());
  }
}
