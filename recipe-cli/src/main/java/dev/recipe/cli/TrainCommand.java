package dev.recipe.cli;

import dev.recipe.api.Invocation;
import dev.recipe.core.record.StageRecord;
import dev.recipe.core.run.RunDirectory;
import dev.recipe.core.spec.RecipeSpec;
import dev.recipe.core.stage.StageContext;
import dev.recipe.pipeline.Pipeline;
import dev.recipe.train.TrainStage;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recipe train}: the run's processed dataset -> model/, checkpoints/, metrics/train.jsonl. */
@Command(
    header = "Train the spec's ResNet on the prepared data (deterministic, resumable).",
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train the spec's ResNet on the run's processed dataset (RUN_DIR/data, from `recipe prepare`)",
      "and write RUN_DIR/model (weights.safetensors + model.json), checkpoints/, metrics/train.jsonl",
      "and stages/train.json. Exit code 1 when the loss becomes NaN or infinite."
    })
public final class TrainCommand implements Callable<Integer> {
  @Mixin SpecOptions options;

  @Option(names = "--resume",
      description = "Continue from the latest checkpoint in RUN_DIR/checkpoints (same final weights"
          + " as an uninterrupted run).")
  boolean resume;

  @Option(names = "--resume-intact",
      description = "Like --resume, but when the newest checkpoint's files do not match the SHA-256"
          + " its state.json records, continue from the newest intact checkpoint (without this a"
          + " damaged checkpoint is refused, exit 2).")
  boolean resumeIntact;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    StageContext ctx = options.stageContext("train", resumeIntact ? List.of("--resume-intact")
        : resume ? List.of("--resume") : List.of(), true);
    RecipeSpec recipe = ctx.spec();
    RunDirectory run = ctx.run();
    Thread hint = CliContext.interruptHint(spec.commandLine().getErr(),
        "continue with: ./recipe train " + Invocation.displayPath(run.root()) + " --resume");
    StageRecord rec;
    try {
      rec = Pipeline.runLocked(new TrainStage(resume, resumeIntact, null, null), ctx);
    } finally {
      Runtime.getRuntime().removeShutdownHook(hint);
    }
    PrintWriter out = spec.commandLine().getOut();
    Map<String, Object> m = rec.metrics();
    out.printf("trained %s: %s epochs, %s steps, last %s, best %s, %.0f images/s (%.1f s) -> %s%n",
        recipe.name(), m.get("epochs"), m.get("steps"), m.get("last"), m.get("best"),
        ((Number) m.get("imagesPerSecond")).doubleValue(), rec.volatileInfo().seconds(),
        Invocation.displayPath(run.model()));
    out.printf("weights SHA-256 %s%n", m.get("weightsSha256"));
    out.flush();
    return rec.status().equals(StageRecord.OK) ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
  }
}
