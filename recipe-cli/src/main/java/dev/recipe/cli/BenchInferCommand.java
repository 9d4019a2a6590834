package dev.recipe.cli;

import dev.recipe.api.Invocation;
import dev.recipe.deploy.BenchReport;
import dev.recipe.serialize.RuntimeComparison;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recipe bench infer}: inference latency of a randomly initialized ResNet, DJL vs ONNX Runtime. */
@Command(
    header = "Inference latency of a random ResNet, DJL versus ONNX Runtime.",
    name = "infer",
    mixinStandardHelpOptions = true,
    description = {
      "Measure inference latency of a ResNet of the given architecture with random weights",
      "(torchvision's initialization), on DJL and on ONNX Runtime: writes a model directory",
      "(model.json + weights.safetensors + model.onnx) under --work, then runs the same timing as",
      "`recipe infer --bench`. Latency does not depend on the weights' values."
    })
public final class BenchInferCommand implements Callable<Integer> {
  @Mixin ArchitectureOptions arch;

  @Mixin LatencyOptions latency;

  @Option(names = "--work", paramLabel = "DIR", description = "Where the random model is written (default: a temporary directory).")
  Path work;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path dir = work != null ? work : Files.createTempDirectory("recipe-bench-infer-");
    BenchReport report = RuntimeComparison.run(arch.config(), arch.imageSize(), dir, Invocation.version(),
        latency.settings(), spec.commandLine().getErr());
    latency.print(report, false, spec.commandLine().getOut());
    return ExitCodes.OK;
  }
}
