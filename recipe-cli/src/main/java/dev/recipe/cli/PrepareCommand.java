package dev.recipe.cli;

import dev.recipe.api.Invocation;
import dev.recipe.core.record.StageRecord;
import dev.recipe.core.run.RunDirectory;
import dev.recipe.core.spec.RecipeSpec;
import dev.recipe.core.stage.StageContext;
import dev.recipe.data.PrepareStage;
import dev.recipe.pipeline.Pipeline;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code recipe prepare}: raw data -> the run's processed dataset ({@code data/}). */
@Command(
    header = "Fetch, verify and process raw data into the run's dataset shards.",
    name = "prepare",
    mixinStandardHelpOptions = true,
    description = {
      "Prepare the data: fetch + verify raw files, split, convert, write shards (RUN_DIR/data).",
      "Raw files come from the spec's sources in order (local folder, URL, Debian package) and",
      "are checked by SHA-256; the result is WebDataset-style tar shards + manifest.json, and",
      "stages/prepare.json records sources, counts, quarantined images and the fingerprint.",
      "JPEG sources are stored as their bytes. Interrupted? Run it again: finished shards are kept",
      "(verified by SHA-256) and the result is the same as one clean run."
    })
public final class PrepareCommand implements Callable<Integer> {
  @Mixin SpecOptions options;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    StageContext ctx = options.stageContext("prepare", List.of(), true);
    RecipeSpec recipe = ctx.spec();
    RunDirectory run = ctx.run();
    StageRecord rec = Pipeline.runLocked(new PrepareStage(), ctx);
    PrintWriter out = spec.commandLine().getOut();
    Map<String, Object> m = rec.metrics();
    out.printf("prepared %s: %s images, %s classes, %s quarantined, fingerprint %s (%.1f s) -> %s%n",
        recipe.data().dataset(), m.get("counts"), m.get("numClasses"), m.get("quarantined"),
        m.get("fingerprint"), rec.volatileInfo().seconds(), Invocation.displayPath(run.data()));
    out.flush();
    return ExitCodes.OK;
  }
}
