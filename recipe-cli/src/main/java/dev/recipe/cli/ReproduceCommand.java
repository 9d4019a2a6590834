package dev.recipe.cli;

import dev.recipe.api.Invocation;
import dev.recipe.core.prov.CodeInfo;
import dev.recipe.core.run.RunDirectory;
import dev.recipe.report.RecipeJson;
import dev.recipe.reproduce.Reproducer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code recipe reproduce}: re-run a recipe someone generated and say whether it reproduced. */
@Command(
    header = "Re-run a recipe, check it epoch by epoch, and say whether it reproduced.",
    name = "reproduce",
    mixinStandardHelpOptions = true,
    description = {
      "Re-run a recorded recipe into a new run directory and judge it: code and environment,",
      "data fingerprints (a different dataset is refused), the on-track check after every epoch",
      "(train/val loss and val top-1 against the recipe's dynamics, within reproduce.* tolerances),",
      "then targets, metrics and whether the final weights are bit-identical.",
      "Exit 0 when reproduced, 1 when not (off track, a target or metric missed, data refused)."
    })
public final class ReproduceCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "RECIPE_JSON|RUN_DIR", description = "The recipe to reproduce.")
  Path recipe;

  @Option(names = "--out", paramLabel = "NEW_RUN_DIR",
      description = "Where to reproduce (default: runs/<name>-reproduced).")
  Path out;

  @Option(names = "--allow-data-change", description = "Go on when the data fingerprints differ.")
  boolean allowDataChange;

  @Option(names = "--stop-when-off-track", description = "Stop training at the first epoch that is off track.")
  boolean stopWhenOffTrack;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Deliberately change the recorded spec (repeatable), e.g. to see how a change shows up.")
  List<String> overrides = new ArrayList<>();

  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Override
  public Integer call() throws Exception {
    PrintWriter pw = command.commandLine().getOut();
    var doc = RecipeJson.read(recipe);
    if (!RecipeJson.sealHolds(doc)) {
      pw.println("warning: recipe.json's contentSha256 does not match its content (edited after it was generated)");
    }
    Reproducer r = new Reproducer(doc, pw);
    String name = r.spec(List.of()).name();
    RunDirectory run = RunDirectory.of(out != null ? out : Path.of("runs", name + "-reproduced"));
    String runArg = Invocation.displayPath(run.root());
    CodeInfo code = Invocation.code(List.of());
    var verdict = r.run(new Reproducer.Options(run, overrides, allowDataChange, stopWhenOffTrack,
        stage -> Invocation.command(List.of("run", runArg, "--stages", stage.id(), "--force"))), code);
    pw.print(verdict.text(runArg));
    pw.flush();
    return verdict.reproduced() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
  }
}
