package dev.recipe.cli;

import dev.recipe.api.Invocation;
import dev.recipe.core.RecipeException;
import dev.recipe.core.io.Json;
import dev.recipe.infer.Backend;
import dev.recipe.infer.BenchReport;
import dev.recipe.infer.RandomModel;
import dev.recipe.serialize.ResNetOnnx;
import dev.recipe.serialize.ExportStage;
import dev.recipe.train.model.ModelDescriptor;
import dev.recipe.train.model.ResNetConfig;
import dev.recipe.train.model.SafeTensors;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
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

  @Option(names = "--out", paramLabel = "FILE.json", description = "Write the report as JSON.")
  Path out;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ResNetConfig config = arch.config();
    int imageSize = arch.imageSize();
    Path dir = work != null ? work : Files.createTempDirectory("recipe-bench-infer-");
    Path modelDir = dir.resolve(config.displayName() + "-" + imageSize);
    ModelDescriptor d = RandomModel.write(modelDir, config, imageSize,
        Collections.nCopies(config.inputChannels(), 0.5), Collections.nCopies(config.inputChannels(), 0.25), 0L);
    Path onnx = modelDir.resolve(dev.recipe.core.run.RunDirectory.ONNX_FILE);
    Files.write(onnx, ResNetOnnx.toBytes(config, SafeTensors.read(modelDir.resolve(d.weightsFile())),
        imageSize, imageSize, 17, Invocation.version(),
        ExportStage.metadata(d, null, Invocation.version(), null)));
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    stderr.printf("%s (%,d parameters) at %dx%d, model in %s%n", config.displayName(),
        config.parameterCount(), imageSize, imageSize, Invocation.displayPath(modelDir));
    BenchReport djl = InferCommand.bench(modelDir, List.of(Backend.DJL), List.of(), batches, warmup,
        runs, stderr);
    BenchReport ort = InferCommand.bench(onnx, List.of(Backend.ONNX), List.of(), batches, warmup,
        runs, stderr);
    List<dev.recipe.infer.InferenceBench.Row> rows = new java.util.ArrayList<>(djl.rows());
    rows.addAll(ort.rows());
    BenchReport report = new BenchReport(config.displayName() + " at " + imageSize + "x" + imageSize
        + " (random weights, " + config.parameterCount() + " parameters)", djl.images(), rows,
        djl.hardware(), ort.environment(), "DJL: " + djl.note() + "; ONNX Runtime: " + ort.note());
    stdout.print(report.hardware() + "\n" + report.table());
    if (out != null) {
      Json.write(out, report);
      stdout.printf("report: %s%n", Invocation.displayPath(out));
    }
    stdout.flush();
    return ExitCodes.OK;
  }
}
