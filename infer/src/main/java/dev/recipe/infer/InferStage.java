package dev.recipe.infer;

import dev.recipe.core.RecipeException;
import dev.recipe.core.io.AtomicFiles;
import dev.recipe.core.prov.EnvironmentInfo;
import dev.recipe.core.record.StageRecord;
import dev.recipe.core.record.StageRecorder;
import dev.recipe.core.run.RunDirectory;
import dev.recipe.core.spec.InferSpec;
import dev.recipe.core.stage.Stage;
import dev.recipe.core.stage.StageContext;
import dev.recipe.data.ProcessedDataset;
import dev.recipe.data.RasterImage;
import dev.recipe.data.Sample;
import dev.recipe.data.shard.PngCodec;
import dev.recipe.deploy.Backend;
import dev.recipe.deploy.BenchReport;
import dev.recipe.deploy.Classifier;
import dev.recipe.deploy.InferenceBench;
import dev.recipe.deploy.ModelLocation;
import dev.recipe.deploy.Prediction;
import dev.recipe.model.ModelDescriptor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The infer stage: the latency table (DJL, and ONNX Runtime when {@code export/model.onnx} exists;
 * batch sizes of {@code infer.benchBatches}; with and without preprocessing) and the worked example:
 * the first {@code infer.examples} test images, stored as PNG under {@code infer/examples/} and
 * predicted by each backend.
 */
public final class InferStage implements Stage {
  public static final String NAME = "infer";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StageRecord run(StageContext context) throws Exception {
    RunDirectory run = context.run();
    InferSpec spec = context.spec().infer();
    StageRecorder rec = context.recorder(NAME);
    InferResult.Params params = new InferResult.Params(spec.examples(), spec.topK(),
        spec.benchBatches(), spec.warmup(), spec.runs());
    ModelLocation files = ModelLocation.resolve(run.root());
    if (files.kind() != ModelLocation.Kind.RUN_DIRECTORY) {
      throw RecipeException.badInput("no trained model in " + run.root() + " (model/model.json)");
    }
    rec.input(run.model().resolve(ModelDescriptor.FILE_NAME));
    List<Backend> backends = new ArrayList<>(List.of(Backend.DJL));
    if (files.onnx() != null) {
      backends.add(Backend.ONNX);
      rec.input(files.onnx());
    } else {
      rec.warn("no export/model.onnx: ONNX Runtime not timed (run the export stage first)");
    }
    int needed = Math.max(spec.examples(),
        spec.benchBatches().stream().mapToInt(Integer::intValue).max().orElse(1));
    List<Sample> samples = firstTestSamples(run, needed);
    List<RasterImage> images = samples.stream().map(Sample::image).toList();

    // Worked example: the images as PNG, then each backend's top-K.
    Path exDir = run.inferExamples();
    List<InferResult.Example> examples = new ArrayList<>();
    List<Sample> exSamples = samples.subList(0, Math.min(spec.examples(), samples.size()));
    List<String> classNames = ModelDescriptor.read(run.model()).classNames();
    for (Sample s : exSamples) {
      Path png = exDir.resolve("test-" + s.key() + ".png");
      AtomicFiles.writeBytes(png, PngCodec.encode(s.image()));
      rec.output(png);
      examples.add(new InferResult.Example(run.root().relativize(png).toString().replace('\\', '/'),
          s.key(), classNames.get(s.label()), s.image().width(), s.image().height(), null, null));
    }
    List<InferenceBench.Row> rows = new ArrayList<>();
    String loadBefore = BenchReport.loadAverage();
    InferenceBench.Settings settings =
        new InferenceBench.Settings(spec.benchBatches(), spec.warmup(), spec.runs());
    for (Backend b : backends) {
      try (Classifier c = Classifiers.open(run.root(), b, 0)) {
        List<RasterImage> exImages = exSamples.stream().map(Sample::image).toList();
        List<Prediction> preds = exImages.isEmpty() ? List.of() : c.predict(exImages, spec.topK());
        for (int i = 0; i < preds.size(); i++) {
          examples.set(i, examples.get(i).with(b, preds.get(i).top()));
        }
        rows.addAll(InferenceBench.run(c, images, settings));
      }
    }
    EnvironmentInfo env = EnvironmentInfo.capture(Runtimes.libraries(), Runtimes.threads(), List.of());
    rec.environment(env);
    BenchReport report = new BenchReport(
        ModelDescriptor.read(run.model()).config().displayName(),
        images.size() + " test images of " + run.root().getFileName() + ", cycled to fill batches",
        rows, env.hardwareSummary(), env, "latency per call (one batch), after " + spec.warmup()
            + " untimed calls; other work on the machine is not controlled (load average before: "
            + loadBefore + ", after: " + BenchReport.loadAverage() + ")");
    rec.result(new InferResult(params, new InferResult.Metrics(rows, report.hardware()),
        new InferResult.Details(examples, report.table())));
    rows.stream().filter(r -> r.batch() == 1 && r.preprocessing()).findFirst()
        .ifPresent(r -> rec.throughput(r.imagesPerSecond(), "images/s (" + r.backend()
            + ", batch 1, with preprocessing)"));
    return rec.finish();
  }

  private static List<Sample> firstTestSamples(RunDirectory run, int n) {
    ProcessedDataset data = ProcessedDataset.open(run.data());
    String split = data.manifest().splits().containsKey("test") ? "test" : "val";
    List<Sample> out = new ArrayList<>();
    for (Iterator<Sample> it = data.iterator(split); it.hasNext() && out.size() < n; ) {
      out.add(it.next());
    }
    if (out.isEmpty()) {
      throw RecipeException.badInput("no test images in " + run.data());
    }
    return out;
  }

}
