package dev.recipe.cli;

import dev.recipe.api.Invocation;
import dev.recipe.core.io.Json;
import dev.recipe.deploy.BenchReport;
import dev.recipe.deploy.InferenceBench;
import dev.recipe.serialize.RuntimeComparison;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

  @Option(names = "--batches", split = ",", defaultValue = "1,32", description = "Batch sizes (default ${DEFAULT-VALUE}).")
  List<Integer> batches;

  @Option(names = "--warmup", defaultValue = "5", description = "Untimed calls, >= 5 (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--runs", defaultValue = "20", description = "Timed calls, >= 20 (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--work", paramLabel = "DIR", description = "Where the random model is written (default: a temporary directory).")
  Path work;

  @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
      description = "Intra-op threads of each runtime (default 0: DJL 1, as infer predicts; ONNX Runtime one per core). "
          + "Evaluate's batches run on the training threads: give that count to time them.")
  int threads;

  @Option(names = "--out", paramLabel = "FILE.json", description = "Write the report as JSON.")
  Path out;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path dir = work != null ? work : Files.createTempDirectory("recipe-bench-infer-");
    PrintWriter stdout = spec.commandLine().getOut();
    BenchReport report = RuntimeComparison.run(arch.config(), arch.imageSize(), dir, Invocation.version(),
        new InferenceBench.Settings(batches, warmup, runs, threads), spec.commandLine().getErr());
    stdout.print(report.hardware() + "\n" + report.table());
    if (out != null) {
      Json.write(out, report);
      stdout.printf("report: %s%n", Invocation.displayPath(out));
    }
    stdout.flush();
    return ExitCodes.OK;
  }
}
