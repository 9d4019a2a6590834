package dev.recipe.cli;

import dev.recipe.api.Invocation;
import dev.recipe.core.RecipeException;
import dev.recipe.core.io.Json;
import dev.recipe.core.prov.EnvironmentInfo;
import dev.recipe.data.ImageDecoding;
import dev.recipe.data.RasterImage;
import dev.recipe.infer.Backend;
import dev.recipe.infer.BenchReport;
import dev.recipe.infer.Classifier;
import dev.recipe.infer.Classifiers;
import dev.recipe.infer.ClassScore;
import dev.recipe.infer.InferenceBench;
import dev.recipe.infer.Prediction;
import dev.recipe.infer.Runtimes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

  @Option(names = "--batches", split = ",", defaultValue = "1,32", description = "Batch sizes timed by --bench (default ${DEFAULT-VALUE}).")
  List<Integer> batches;

  @Option(names = "--warmup", defaultValue = "5", description = "Untimed calls per measurement, >= 5 (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--runs", defaultValue = "20", description = "Timed calls per measurement, >= 20 (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--out", paramLabel = "FILE.json", description = "Write the --bench report as JSON.")
  Path out;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    boolean onnxFile = model.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx");
    Backend backend = onnxFile ? Backend.ONNX : backend(engine);
    if (bench) {
      List<Backend> backends = onnxFile || backend == Backend.ONNX ? List.of(Backend.ONNX)
          : availableBackends(model);
      BenchReport report = bench(model, backends, images, batches, warmup, runs, stderr);
      stdout.print(json ? Json.toJson(report) : report.hardware() + "\n" + report.table());
      if (out != null) {
        Json.write(out, report);
        stdout.printf("report: %s%n", Invocation.displayPath(out));
      }
      stdout.flush();
      return ExitCodes.OK;
    }
    if (images.isEmpty()) {
      throw RecipeException.badInput("no IMAGE given (or use --bench)");
    }
    if (top < 1) {
      throw RecipeException.badInput("--top must be at least 1, got " + top);
    }
    int failures = 0;
    List<Map<String, Object>> results = new ArrayList<>();
    try (Classifier c = Classifiers.open(model, backend, 0)) {
      for (Path img : images) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("image", img.toString());
        try {
          RasterImage decoded = ImageDecoding.decode(img);
          Prediction p;
          try {
            p = c.predict(decoded);
          } catch (RecipeException e) {
            throw new RecipeException(e.exitCode(), img + ": " + e.getMessage(), e);
          }
          List<ClassScore> topK = p.top().subList(0, Math.min(top, p.top().size()));
          r.put("top", topK);
          String note = c.fitsDirectly(decoded) ? null : String.format(
              "%dx%d image fitted to the model's %dx%d input as evaluation preprocessing fits images:"
                  + " shorter side resized to %d, center crop", decoded.width(), decoded.height(),
              c.inputShape()[2], c.inputShape()[1], c.inputShape()[1]);
          if (note != null) {
            r.put("note", note);
          }
          if (!json) {
            stdout.printf("%s%s%n", img, note == null ? "" : "  (" + note + ")");
            for (ClassScore s : topK) {
              stdout.printf("  %-24s %.4f%n", s.name(), s.probability());
            }
          }
        } catch (RecipeException e) {
          failures++;
          r.put("error", e.getMessage());
          stderr.println("recipe: " + e.getMessage());
        }
        results.add(r);
      }
    }
    if (json) {
      stdout.print(Json.toJson(Map.of("model", model.toString(), "engine", backend.id(),
          "predictions", results)));
    }
    stdout.flush();
    stderr.flush();
    return failures == 0 ? ExitCodes.OK : ExitCodes.BAD_INPUT;
  }

  private static Backend backend(String id) {
    for (Backend b : Backend.values()) {
      if (b.id().equals(id)) {
        return b;
      }
    }
    throw RecipeException.badInput("--engine must be djl or onnx, got " + id);
  }

  /** DJL, plus ONNX Runtime when the model has an ONNX file. */
  private static List<Backend> availableBackends(Path model) {
    var files = dev.recipe.infer.ModelLocation.resolve(model);
    return files.onnx() == null ? List.of(Backend.DJL) : List.of(Backend.DJL, Backend.ONNX);
  }

  /**
   * Times each backend; images are the given files, or random images of the model's input size
   * when none are given (the time of a forward pass does not depend on pixel values).
   */
  static BenchReport bench(Path model, List<Backend> backends, List<Path> imageFiles,
      List<Integer> batches, int warmup, int runs, PrintWriter log) {
    InferenceBench.Settings settings = new InferenceBench.Settings(batches, warmup, runs);
    List<InferenceBench.Row> rows = new ArrayList<>();
    String loadBefore = BenchReport.loadAverage();
    String modelName = null;
    String source = null;
    for (Backend b : backends) {
      log.printf("timing %s...%n", b.id());
      log.flush();
      try (Classifier c = Classifiers.open(model, b, 0)) {
        int[] s = c.inputShape();
        List<RasterImage> imgs = new ArrayList<>();
        if (imageFiles.isEmpty()) {
          Random r = new Random(0);
          for (int i = 0; i < 8; i++) {
            byte[] px = new byte[s[0] * s[1] * s[2]];
            r.nextBytes(px);
            imgs.add(new RasterImage(s[2], s[1], s[0], px));
          }
          source = "8 random " + s[2] + "x" + s[1] + "x" + s[0] + " images, cycled to fill batches";
        } else {
          imageFiles.forEach(f -> imgs.add(ImageDecoding.decode(f)));
          source = imageFiles.size() + " image files, cycled to fill batches";
        }
        modelName = model + " (input " + s[0] + "x" + s[1] + "x" + s[2] + ", "
            + c.classNames().size() + " classes)";
        rows.addAll(InferenceBench.run(c, imgs, settings));
      }
    }
    EnvironmentInfo env = EnvironmentInfo.capture(Runtimes.libraries(), Runtimes.threads(), List.of());
    return new BenchReport(modelName, source, rows, env.hardwareSummary(), env,
        "latency per call (one batch) after " + warmup + " untimed calls; other processes on the"
            + " machine are not controlled (load average before: " + loadBefore + ", after: "
            + BenchReport.loadAverage() + ")");
  }
}
