package dev.recipe.cli;

import dev.recipe.core.RecipeException;
import dev.recipe.report.RecipeLint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code recipe lint RECIPE.md}: a recipe against the guideline's checklist. */
@Command(
    header = "Check any recipe markdown against the training-recipe guideline.",
    name = "lint",
    description = {
      "Check a recipe markdown file (generated or hand-written) against the training-recipe",
      "guideline's checklist: sections, commit SHA-1 in every Code part, hyperparameters, dynamics,",
      "a numeric target, timing details, serialization; and the facts an independent reimplementation",
      "needs (architecture, initialization, BatchNorm, update rule, schedule formula, metric",
      "definitions, split and order algorithms with check values; no absolute paths): errors in a",
      "generated recipe, advice in a hand-written one. Exit 1 when a required item is missing."
    },
    mixinStandardHelpOptions = true)
public final class LintCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "RECIPE.md",
      description = "A recipe markdown file, or a run directory (its RECIPE.md).")
  Path file;

  @Option(names = "--quiet", description = "Print only errors and warnings, not the checks that passed.")
  boolean quiet;

  @Option(names = "--strict", description = "Treat warnings as errors (exit 1).")
  boolean strict;

  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Override
  public Integer call() {
    Path md = Files.isDirectory(file) ? file.resolve("RECIPE.md") : file;
    if (!Files.isRegularFile(md)) {
      throw RecipeException.badInput("no such recipe file: " + md);
    }
    RecipeLint.Report r = RecipeLint.lint(md);
    var out = command.commandLine().getOut();
    out.print(RecipeLint.format(r, !quiet));
    out.flush(); // print() does not auto-flush, and Main exits right after
    boolean failed = !r.passed() || (strict && r.count(RecipeLint.Severity.WARNING) > 0);
    return failed ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
  }
}
