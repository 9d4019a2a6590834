package dev.recipe.cli;

import dev.recipe.report.RecipeDiff;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code recipe diff A B}: two runs or recipes side by side, volatile fields apart. */
@Command(
    header = "Compare two runs or recipes, volatile fields apart.",
    name = "diff",
    description = {
      "Compare two runs or recipes: spec, code, data fingerprints, environment, metrics, other",
      "recorded facts; volatile fields (times, hosts, throughput, location) in a separate section,",
      "so two faithful runs differ only there. Exit 0 (2 for unreadable input); with --exit-code,",
      "1 when a non-volatile field differs."
    },
    mixinStandardHelpOptions = true)
public final class DiffCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "A", description = "Run directory or recipe.json.")
  Path a;

  @Parameters(index = "1", paramLabel = "B", description = "Run directory or recipe.json.")
  Path b;

  @Option(names = "--exit-code", description = "Exit 1 when a non-volatile field differs.")
  boolean exitCode;

  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Override
  public Integer call() {
    RecipeDiff.Report r = RecipeDiff.compare(a, b);
    var out = command.commandLine().getOut();
    out.print(r.format());
    out.flush(); // print() does not auto-flush, and Main exits right after
    return exitCode && r.nonVolatile() > 0 ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
  }
}
