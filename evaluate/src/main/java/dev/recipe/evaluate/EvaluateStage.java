package dev.recipe.evaluate;

import dev.recipe.core.RecipeException;
import dev.recipe.core.io.Json;
import dev.recipe.core.record.StageRecord;
import dev.recipe.core.record.StageRecorder;
import dev.recipe.core.run.RunDirectory;
import dev.recipe.core.spec.EvaluationSpec;
import dev.recipe.core.stage.Stage;
import dev.recipe.core.stage.StageContext;
import dev.recipe.data.Manifest;
import dev.recipe.data.ProcessedDataset;
import dev.recipe.deploy.Classifier;
import dev.recipe.deploy.ModelLocation;
import dev.recipe.infer.Classifiers;
import dev.recipe.infer.Runtimes;
import dev.recipe.model.ModelDescriptor;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluate stage: the trained model ({@code model/}) on a split of the processed dataset (test
 * by default), with the model's recorded preprocessing; writes {@code metrics/eval.json} and
 * {@code stages/evaluate.json}. Failed targets are recorded, not thrown: {@code recipe evaluate}
 * turns them into exit code 1 ({@link #targetsPassed}).
 */
public final class EvaluateStage implements Stage {
  public static final String NAME = "evaluate";

  private final String splitOverride;

  /** Evaluates the spec's split ({@code evaluation.split}); used by {@code recipe run}. */
  public EvaluateStage() {
    this(null);
  }

  /** Evaluates another split than the spec's (test or val); null keeps the spec's. */
  public EvaluateStage(String split) {
    if (split != null && !split.equals("test") && !split.equals("val")) {
      throw RecipeException.badInput("--split must be test or val, got " + split);
    }
    this.splitOverride = split;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Whether the record says every target passed. */
  public static boolean targetsPassed(StageRecord record) {
    return record.result(EvaluateResult.class).metrics().targetsPassed();
  }

  @Override
  public StageRecord run(StageContext context) throws Exception {
    RunDirectory run = context.run();
    EvaluationSpec spec = context.spec().evaluation();
    String split = splitOverride != null ? splitOverride : spec.split();
    StageRecorder rec = context.recorder(NAME);

    if (!Files.isRegularFile(run.model().resolve(ModelDescriptor.FILE_NAME))) {
      throw RecipeException.badInput("no trained model in " + run.root()
          + " (model/model.json is missing: run the train stage first)");
    }
    ModelDescriptor descriptor = ModelDescriptor.read(run.model());
    dev.recipe.data.PrepareStage.checkPreparedWith(run, context.spec().data());
    ProcessedDataset data = ProcessedDataset.open(run.data());
    Manifest manifest = data.manifest();
    Manifest.SplitInfo info = manifest.splits().get(split);
    if (info == null || info.count() == 0) {
      throw RecipeException.badInput("the processed dataset in " + run.data() + " has no '" + split
          + "' split (splits: " + manifest.splits().keySet() + ")");
    }
    if (!manifest.classNames().equals(descriptor.classNames())) {
      throw RecipeException.badInput("model/model.json class names differ from "
          + run.manifest() + ": the model was not trained on this dataset");
    }
    rec.input(run.model().resolve(ModelDescriptor.FILE_NAME));
    rec.input(run.model().resolve(descriptor.weightsFile()));
    rec.input(run.manifest());
    info.shards().forEach(s -> rec.input(run.data().resolve(s.name())));

    // batched forward passes on all the threads training used (recorded; the same count gives the
    // same logits bit for bit)
    Integer trainingThreads = context.spec().training().threads();
    int threads = trainingThreads != null ? trainingThreads : Runtime.getRuntime().availableProcessors();
    EvaluateResult.Params params = new EvaluateResult.Params(split, spec.topK(), spec.batchSize(),
        spec.targets(), threads);
    Metrics metrics = evaluate(run.root(), threads, data, split, info.count(), spec);
    List<TargetResult> targets = TargetResult.check(spec.targets(), metrics.scalars());
    boolean passed = targets.stream().allMatch(TargetResult::passed);

    EvalReport.EvaluatedModel model = new EvalReport.EvaluatedModel(descriptor.config(),
        manifest.fingerprint(), ModelLocation.preprocessing(descriptor), descriptor.weightsSha256());
    Map<String, Double> accuracy = new LinkedHashMap<>();
    metrics.topK().forEach(t -> accuracy.put(t.name(), t.accuracy()));
    EvalReport report = new EvalReport(split, metrics.samples(), accuracy, metrics.loss(), metrics,
        targets, passed, model, EvalReport.DEFINITIONS);
    Json.write(run.evalMetrics(), report);
    rec.output(run.evalMetrics());

    Map<String, Double> perClass = new LinkedHashMap<>();
    metrics.perClass().forEach(c -> perClass.put(c.name(), c.accuracy()));
    for (TargetResult t : targets) {
      if (!t.passed()) {
        rec.warn("target not met: " + t.metric() + " " + t.requirement() + ", measured "
            + t.actual());
      }
    }
    // training.ema: the weights that are not the model are evaluated too, the same way
    EvaluateResult.OtherWeights otherWeights = null;
    for (Map.Entry<String, java.nio.file.Path> other : List.of(Map.entry("raw", run.rawWeightsModel()),
        Map.entry("ema", run.emaModel()))) {
      if (Files.isRegularFile(other.getValue().resolve(ModelDescriptor.FILE_NAME))) {
        ModelDescriptor d = ModelDescriptor.read(other.getValue());
        rec.input(other.getValue().resolve(d.weightsFile()));
        Metrics m = evaluate(other.getValue(), threads, data, split, info.count(), spec);
        Map<String, Double> acc = new LinkedHashMap<>();
        m.topK().forEach(t -> acc.put(t.name(), t.accuracy()));
        otherWeights = new EvaluateResult.OtherWeights(other.getKey(), d.weightsSha256(), m.loss(), acc);
      }
    }
    rec.result(new EvaluateResult(params,
        new EvaluateResult.Metrics(split, metrics.samples(), metrics.loss(), passed, targets, otherWeights, accuracy),
        new EvaluateResult.Details(perClass, EvalReport.DEFINITIONS)));
    rec.environment(Runtimes.libraries(), Runtimes.threads(), List.of());
    rec.throughput(metrics.samples() / Math.max(1e-9, rec.elapsedSeconds()), "images/s");
    return rec.finish();
  }

  /** Top-k and loss of the model at {@code model} (a run or model directory) on a split. */
  private static Metrics evaluate(java.nio.file.Path model, int threads, ProcessedDataset data,
      String split, int count, EvaluationSpec spec) {
    try (Classifier classifier = Classifiers.open(model, dev.recipe.deploy.Backend.DJL, threads)) {
      return Evaluator.evaluate(classifier, data.iterator(split), count, spec.topK(), spec.batchSize());
    }
  }
}
