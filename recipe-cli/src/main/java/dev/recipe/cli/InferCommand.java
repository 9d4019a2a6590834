package dev.recipe.cli;

import dev.recipe.core.RecipeException;
import dev.recipe.core.io.Json;
import dev.recipe.deploy.Backend;
import dev.recipe.infer.BackendBench;
import dev.recipe.infer.ImagePredictions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code recipe infer MODEL IMAGE... [--top K] [--engine djl|onnx] [--json] [--bench]}. */
@Command(
    header = "Predict image classes with a run, checkpoint or .onnx model; --bench times it.",
    name = "infer",
    mixinStandardHelpOptions = true,
    description = {
      "Predict the class of images with a trained model. MODEL is a run directory, a model directory,",
      "a training checkpoint (RUN/checkpoints/NAME) or an exported .onnx file (ONNX Runtime only).",
      "Images: PNG or JPEG of any size and colour mode (gray, RGB, CMYK); the model's evaluation",
      "preprocessing is applied (the same code as `recipe evaluate`). An image that is missing or",
      "cannot be decoded is reported on stderr and the others are still predicted; exit code 2 then.",
      "--bench times the model instead (after warm-up; batch 1 and --batches; DJL and ONNX Runtime",
      "when the run has export/model.onnx), with and without preprocessing."
    })
public final class InferCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "MODEL", description = "Run directory, model directory, checkpoint or .onnx file.")
  Path model;

  @Parameters(index = "1..*", paramLabel = "IMAGE", description = "Image files (optional with --bench).")
  List<Path> images = new ArrayList<>();

  @Option(names = "--top", defaultValue = "3", paramLabel = "K", description = "Classes shown per image (default ${DEFAULT-VALUE}).")
  int top;

  @Option(names = "--engine", defaultValue = "djl", paramLabel = "djl|onnx",
      description = "djl (PyTorch engine) or onnx (ONNX Runtime; an .onnx MODEL implies it). Default ${DEFAULT-VALUE}.")
  String engine;

  @Option(names = "--json", description = "Machine-readable output (one JSON document).")
  boolean json;

  @Option(names = "--bench", description = "Measure latency instead of printing predictions.")
  boolean bench;

  @Mixin LatencyOptions latency;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    boolean onnxFile = model.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx");
    Backend backend = onnxFile ? Backend.ONNX : Backend.of(engine, "--engine");
    if (bench) {
      List<Backend> backends = onnxFile || backend == Backend.ONNX ? List.of(Backend.ONNX)
          : BackendBench.available(model);
      latency.print(BackendBench.report(model, backends, images, latency.settings(), stderr), json, stdout);
      return ExitCodes.OK;
    }
    if (images.isEmpty()) {
      throw RecipeException.badInput("no IMAGE given (or use --bench)");
    }
    List<ImagePredictions.Result> results = ImagePredictions.predict(model, backend, images, top);
    for (ImagePredictions.Result r : results) {
      if (r.error() != null) {
        stderr.println("recipe: " + r.error());
      } else if (!json) {
        stdout.print(r.text());
      }
    }
    if (json) {
      stdout.print(Json.toJson(Map.of("model", model.toString(), "engine", backend.id(),
          "predictions", results)));
    }
    stdout.flush();
    stderr.flush();
    return results.stream().allMatch(r -> r.error() == null) ? ExitCodes.OK : ExitCodes.BAD_INPUT;
  }
}
