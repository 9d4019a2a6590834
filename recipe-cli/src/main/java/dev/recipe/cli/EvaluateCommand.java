package dev.recipe.cli;

import dev.recipe.api.Invocation;
import dev.recipe.core.record.StageRecord;
import dev.recipe.core.run.RunDirectory;
import dev.recipe.core.spec.RecipeSpec;
import dev.recipe.core.stage.StageContext;
import dev.recipe.evaluate.EvaluateStage;
import dev.recipe.pipeline.Pipeline;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recipe evaluate RUN_DIR [--split test|val]}: top-k, per-class, confusion, loss, targets. */
@Command(
    header = "Top-k, per-class accuracy, confusion matrix and targets on the test split.",
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate the run's trained model (RUN_DIR/model) on the test split (or --split val) with the",
      "evaluation preprocessing recorded in model/model.json: top-k accuracies (evaluation.topK),",
      "per-class accuracy, confusion matrix, mean cross-entropy. Writes RUN_DIR/metrics/eval.json",
      "and stages/evaluate.json. Same numbers whatever evaluation.batchSize is.",
      "Exit code 1 when a target of evaluation.targets is not met (each is recorded as pass/fail)."
    })
public final class EvaluateCommand implements Callable<Integer> {
  @Mixin SpecOptions options;

  @Option(names = "--split", paramLabel = "test|val",
      description = "Split to evaluate (default: evaluation.split of the spec, test).")
  String split;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    StageContext ctx = options.stageContext("evaluate",
        split == null ? List.of() : List.of("--split", split), false);
    RecipeSpec recipe = ctx.spec();
    RunDirectory run = ctx.run();
    StageRecord rec = Pipeline.runLocked(new EvaluateStage(split), ctx);
    PrintWriter out = spec.commandLine().getOut();
    Map<String, Object> m = rec.metrics();
    out.printf("evaluated %s on %s (%s samples):", recipe.name(), m.get("split"), m.get("samples"));
    for (int k : recipe.evaluation().topK()) {
      out.printf(" top%d %.4f", k, ((Number) m.get("top" + k)).doubleValue());
    }
    out.printf(", loss %.4f -> %s%n", ((Number) m.get("loss")).doubleValue(),
        Invocation.displayPath(run.evalMetrics()));
    if (m.get("targets") instanceof List<?> targets) {
      for (Object o : targets) {
        var t = (dev.recipe.evaluate.TargetResult) o;
        out.printf("  target %-6s %-18s measured %.4f  %s%n", t.metric(), t.requirement(), t.actual(),
            t.passed() ? "PASS" : "FAIL");
      }
    }
    out.flush();
    return EvaluateStage.targetsPassed(rec) ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
  }
}
