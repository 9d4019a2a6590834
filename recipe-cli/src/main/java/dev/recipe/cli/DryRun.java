package dev.recipe.cli;

import dev.recipe.core.run.RunDirectory;
import dev.recipe.core.spec.RecipeSpec;
import java.io.PrintWriter;

/** The plan {@code recipe run --dry-run} prints: what would run, on what data, at what cost. */
final class DryRun {
  private final RecipeSpec spec;
  private final RunDirectory run;

  DryRun(RecipeSpec spec, RunDirectory run) {
    this.spec = spec;
    this.run = run;
  }

  void print(PrintWriter out) {
    out.printf("spec %s is valid; run directory %s%n", spec.name(), CliContext.displayPath(run.root()));
    var d = spec.data();
    out.printf("data: %s (%s), %d raw file(s), sources: %s%n", d.dataset(), d.format(), d.files().size(),
        d.sources().stream().map(s -> s.type().name().toLowerCase()).toList());
    var t = spec.training();
    out.printf("training: %d epoch(s), batch %d x %d device(s) x %d accumulation = global batch %d%n",
        t.epochs(), t.batchSize(), t.devices(), t.accumulate(), t.globalBatch());
    out.flush();
  }
}
