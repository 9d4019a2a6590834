package dev.recipe.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code recipe bench}: throughput benchmarks that write JSON (no timed unit tests). */
@Command(
    header = "Benchmarks (decode, input, train, infer) that write JSON.",
    name = "bench",
    description = "Benchmarks; each prints its figure and can write JSON with the environment.",
    mixinStandardHelpOptions = true,
    subcommands = {BenchInferCommand.class, BenchInputCommand.class, BenchTrainCommand.class, DecodeBenchCommand.class})
public final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a benchmark is required (e.g. train)");
  }
}
