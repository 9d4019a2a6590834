package dev.recipe.cli;

import dev.recipe.report.RecipeJson;
import dev.recipe.report.RecipeSignature;
import dev.recipe.report.RecipeVerifier;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code recipe verify}: the recipe's seal holds and every target is met. */
@Command(
    header = "Check a recipe.json is unedited and its targets are met.",
    name = "verify",
    description = {
      "Check that recipe.json is unedited (its contentSha256 matches its content) and that every",
      "target of its spec is met by its recorded evaluation. Prints a table.",
      "Exit 0: verified; 1: edited or a target missed; 2: unreadable input."
    },
    mixinStandardHelpOptions = true)
public final class VerifyCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "RUN_DIR|RECIPE_JSON",
      description = "A run directory (its recipe.json is read) or a recipe.json file.")
  Path input;

  @Option(names = "--public-key", paramLabel = "KEY.pub",
      description = "Also require recipe.json.sig to be a valid Ed25519 signature of this content by"
          + " this public key (see `recipe sign`).")
  Path publicKey;

  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Override
  public Integer call() {
    RecipeVerifier.Report r = RecipeVerifier.verify(input);
    var out = command.commandLine().getOut();
    out.print(r.format());
    boolean passed = r.passed();
    if (publicKey != null) {
      Path file = java.nio.file.Files.isDirectory(input) ? dev.recipe.core.run.RunDirectory.of(input).recipeJson() : input;
      RecipeSignature.Check c = RecipeSignature.check(file, RecipeJson.read(input), publicKey);
      out.printf("signature: %s%n%s%n", c.message(), c.valid() && passed ? "VERIFIED (signed)" : "NOT VERIFIED");
      passed = passed && c.valid();
    }
    out.flush(); // print() does not auto-flush, and Main exits right after
    return passed ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
  }
}
