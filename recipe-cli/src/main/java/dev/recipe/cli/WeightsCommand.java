package dev.recipe.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code recipe weights}: weight files in the formats other tools use. */
@Command(
    header = "Weight files: convert between PyTorch .pth and safetensors.",
    name = "weights",
    description = "Weight files with torchvision's tensor names, in the formats other tools read.",
    mixinStandardHelpOptions = true,
    subcommands = {WeightsConvertCommand.class})
public final class WeightsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (convert)");
  }
}
