package dev.recipe.cli;

import dev.recipe.api.Invocation;
import dev.recipe.api.Recipe;
import dev.recipe.core.prov.CodeInfo;
import dev.recipe.core.run.RunDirectory;
import dev.recipe.core.run.RunLock;
import dev.recipe.core.spec.RecipeSpec;
import dev.recipe.core.stage.StageName;
import dev.recipe.pipeline.DryRun;
import dev.recipe.pipeline.Pipeline;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recipe run}: the whole pipeline, from raw data to RECIPE.md. */
@Command(
    header = "Run the whole pipeline: prepare, train, evaluate, export, infer, render.",
    name = "run",
    description = {
      "Run the pipeline: prepare, train, evaluate, export, infer, render (RECIPE.md).",
      "A stage whose code, spec, inputs and outputs are unchanged since its last successful run",
      "in the run directory is skipped (use --force to run it anyway)."
    },
    mixinStandardHelpOptions = true)
public final class RunCommand implements Callable<Integer> {

  @Mixin SpecOptions specOptions;

  @Option(names = "--stages", split = ",", paramLabel = "STAGE",
      description = "Only these stages (comma-separated): prepare, train, evaluate, export, infer, render.")
  List<String> stages = new ArrayList<>();

  @Option(names = "--force", description = "Run the selected stages even when nothing changed.")
  boolean force;

  @Option(names = "--dry-run",
      description = "Validate the spec and print the plan (data, model size, batches, time estimate); run nothing heavy.")
  boolean dryRun;

  @Option(names = "--no-measure", description = "With --dry-run: skip the few timed training steps of the estimate.")
  boolean noMeasure;

  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Override
  public Integer call() throws Exception {
    RecipeSpec spec = specOptions.load();
    RunDirectory run = specOptions.runDirectory(spec);
    PrintWriter out = command.commandLine().getOut();
    if (dryRun) {
      new DryRun(spec, run, !noMeasure).print(out);
      return ExitCodes.OK;
    }
    // the resolved spec is written by each stage that succeeds with it (Pipeline), never before;
    // one command at a time per run directory
    try (RunLock lock = RunLock.acquire(run, "recipe run")) {
      int stale = lock.cleanStaleTemporaries(run);
      if (stale > 0) {
        out.printf("removed %d temporary file(s) left by an interrupted command%n", stale);
      }
      Thread hint = CliContext.interruptHint(command.commandLine().getErr(),
          "continue with: ./recipe train " + Invocation.displayPath(run.root()) + " --resume, then ./recipe run "
              + Invocation.displayPath(run.root()));
      try {
        return runPipeline(spec, run, out);
      } finally {
        Runtime.getRuntime().removeShutdownHook(hint);
      }
    }
  }

  private int runPipeline(RecipeSpec spec, RunDirectory run, PrintWriter out) throws Exception {
    List<StageName> selected = stages.isEmpty()
        ? Arrays.asList(StageName.values())
        : stages.stream().map(StageName::of).toList();
    CodeInfo code = Invocation.code(List.of());
    out.printf("run %s -> %s (code %s)%n", spec.name(), Invocation.displayPath(run.root()), code.git().describe());
    out.flush();
    var results = Recipe.runLocked(spec, run, selected, force, code, r -> {
      out.printf("  %-9s %-8s %s%n", r.stage().id(), r.outcome().name().toLowerCase(), r.summary());
      out.flush();
    }).stages();
    long missing = results.stream().filter(r -> r.outcome() == Pipeline.Outcome.MISSING).count();
    if (missing > 0) {
      out.printf("%d stage(s) not available in this build yet: %s%n", missing,
          results.stream().filter(r -> r.outcome() == Pipeline.Outcome.MISSING)
              .map(r -> r.stage().id()).toList());
    }
    if (results.stream().anyMatch(r -> r.stage() == StageName.RENDER && r.outcome() != Pipeline.Outcome.MISSING)) {
      out.printf("recipe: %s%n", Invocation.displayPath(run.recipeMarkdown()));
    }
    return ExitCodes.OK;
  }
}
