package dev.recipe.cli;

import dev.recipe.core.RecipeException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code recipe} CLI. The only place that calls {@link System#exit}. */
@Command(
    name = "recipe",
    mixinStandardHelpOptions = true,
    versionProvider = CliContext.VersionProvider.class,
    description = {
      "Trains image classifiers end to end and writes, from what each stage really did, a "
          + "training recipe (RECIPE.md + recipe.json) that lets someone else reproduce the model.",
      "Start with: ./recipe run recipes/fashion-mnist-quickstart.yaml"
    },
    subcommands = {
      RunCommand.class,
      PrepareCommand.class,
      TrainCommand.class,
      EvaluateCommand.class, ExportCommand.class, InferCommand.class,
      BenchCommand.class, WeightsCommand.class,
      RenderCommand.class, ReproduceCommand.class, VerifyCommand.class, SignCommand.class, DiffCommand.class, LintCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:a target or check failed (not reproduced, off track, lint findings)",
      "2:bad usage or input (spec key, file, image) or the environment refused (permission, disk full)",
      "3:internal error: a bug (rerun with --debug for the trace)"
    })
public final class Main implements Runnable {
  /** Option name that makes errors print their stack trace. */
  static final String DEBUG = "--debug";

  @CommandLine.Option(names = DEBUG, scope = CommandLine.ScopeType.INHERIT,
      description = "On an error, also print the Java stack trace.")
  boolean debug;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  /** Builds the command line with the project's exception handling and exit codes. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    // Descriptions are written as lines of up to ~100 columns; wrap only on narrower terminals.
    cl.setUsageHelpWidth(110);
    cl.setUsageHelpAutoWidth(true);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(new ExceptionHandler());
    // usage errors (unknown command or option, missing or malformed value) are bad input, not bugs
    cl.setExitCodeExceptionMapper(t -> t instanceof RecipeException re ? re.exitCode()
        : t instanceof CommandLine.ParameterException ? ExitCodes.BAD_INPUT : ExitCodes.INTERNAL);
    cl.registerConverter(java.nio.file.Path.class, s -> {
      if (s.isBlank()) {
        // Path.of("") is the working directory: never what an empty argument meant
        throw new CommandLine.TypeConversionException("an empty path");
      }
      return java.nio.file.Path.of(s);
    });
    cl.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.BAD_INPUT);
    cl.getCommandSpec().exitCodeOnExecutionException(ExitCodes.INTERNAL);
    return cl;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
