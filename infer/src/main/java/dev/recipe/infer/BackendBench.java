package dev.recipe.infer;

import dev.recipe.core.prov.EnvironmentInfo;
import dev.recipe.data.ImageDecoding;
import dev.recipe.data.RasterImage;
import dev.recipe.deploy.Backend;
import dev.recipe.deploy.BenchReport;
import dev.recipe.deploy.Classifier;
import dev.recipe.deploy.InferenceBench.Row;
import dev.recipe.deploy.InferenceBench.Settings;
import dev.recipe.deploy.InferenceBench;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The latency report of {@code infer --bench} and {@code bench infer}: a model in each backend. */
public final class BackendBench {
  private BackendBench() {}

  /** The backends a model can be timed on: DJL, plus ONNX Runtime when it has an ONNX file. */
  public static List<Backend> available(Path model) {
    return dev.recipe.deploy.ModelLocation.resolve(model).onnx() == null
        ? List.of(Backend.DJL) : List.of(Backend.DJL, Backend.ONNX);
  }

  /**
   * Times each backend; images are the given files, or random images of the model's input size
   * when none are given (the time of a forward pass does not depend on pixel values).
   */
  public static BenchReport report(Path model, List<Backend> backends, List<Path> imageFiles,
      Settings settings, PrintWriter log) {
    List<Row> rows = new ArrayList<>();
    String loadBefore = BenchReport.loadAverage();
    String modelName = null;
    String source = null;
    for (Backend b : backends) {
      log.printf("timing %s...%n", b.id());
      log.flush();
      try (Classifier c = Classifiers.open(model, b, settings.threads())) {
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
        "latency per call (one batch) after " + settings.warmup() + " untimed calls; intra-op threads: "
            + (settings.threads() == 0 ? "DJL " + DjlClassifier.PREDICT_THREADS + ", ONNX Runtime its default (one per core)"
                : settings.threads() + " in each runtime") + "; other processes on the"
            + " machine are not controlled (load average before: " + loadBefore + ", after: "
            + BenchReport.loadAverage() + ")");
  }
}
