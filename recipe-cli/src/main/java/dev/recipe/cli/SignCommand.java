package dev.recipe.cli;

import dev.recipe.core.RecipeException;
import dev.recipe.core.run.RunDirectory;
import dev.recipe.report.RecipeJson;
import dev.recipe.report.RecipeSignature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code recipe sign}: an Ed25519 signature of a recipe document, or a new key pair. */
@Command(
    name = "sign",
    header = "Sign a recipe.json with an Ed25519 key (or make a key pair).",
    description = {
      "Writes recipe.json.sig beside the document: an Ed25519 signature of its contentSha256, which",
      "commits to its whole content. `recipe verify RUN --public-key KEY.pub` then proves who",
      "rendered it. Keys are PEM (PKCS#8 private, X.509 public), as `openssl genpkey -algorithm",
      "ed25519` writes them, or made with --new-key DIR (DIR/recipe-signing.key and .pub).",
      "Exit 0: signed; 2: bad key, missing or edited document."
    },
    mixinStandardHelpOptions = true)
public final class SignCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_DIR|RECIPE_JSON",
      description = "A run directory (its recipe.json) or a recipe.json file.")
  Path input;

  @Option(names = "--key", paramLabel = "PRIVATE.pem", description = "The Ed25519 private key.")
  Path key;

  @Option(names = "--new-key", paramLabel = "DIR",
      description = "Write a new key pair DIR/recipe-signing.key (owner-only) and DIR/recipe-signing.pub, then exit.")
  Path newKey;

  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Override
  public Integer call() {
    var out = command.commandLine().getOut();
    if (newKey != null) {
      Path[] pair = RecipeSignature.newKeyPair(newKey, "recipe-signing");
      out.printf("private key: %s (keep it secret)%npublic key:  %s (give it to whoever verifies)%n", pair[0], pair[1]);
      out.flush();
      return ExitCodes.OK;
    }
    if (input == null || key == null) {
      throw RecipeException.badInput("sign needs RUN_DIR|RECIPE_JSON and --key PRIVATE.pem (or --new-key DIR)");
    }
    Path file = Files.isDirectory(input) ? RunDirectory.of(input).recipeJson() : input;
    Path sig = RecipeSignature.sign(file, RecipeJson.read(input), key);
    out.printf("signed %s -> %s%n", file, sig);
    out.flush();
    return ExitCodes.OK;
  }
}
