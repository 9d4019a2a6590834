package dev.recipe.pipeline;

import dev.recipe.api.Invocation;
import dev.recipe.core.run.RunDirectory;
import dev.recipe.core.spec.DataSpec;
import dev.recipe.core.spec.PreprocessSpec;
import dev.recipe.core.spec.RecipeSpec;
import dev.recipe.core.spec.TrainingSpec;
import dev.recipe.data.Manifest;
import dev.recipe.model.ModelCost;
import dev.recipe.model.ResNetConfig;
import dev.recipe.train.bench.TrainBenchmark;
import dev.recipe.train.loop.TrainingLoop;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The plan {@code recipe run --dry-run} prints: the data it expects, the model's size and cost, the
 * batch arithmetic, and an estimated time per epoch on this machine from a few timed training steps.
 * It reads at most a manifest, the spec and directory listings: nothing is fetched or written.
 */
public final class DryRun {
  private final RecipeSpec spec;
  private final RunDirectory run;
  private final boolean measure;

  public DryRun(RecipeSpec spec, RunDirectory run, boolean measure) {
    this.spec = spec;
    this.run = run;
    this.measure = measure;
  }

  /** What is known about the data before it is prepared. */
  record DataFacts(Integer channels, Integer classes, Integer size, Long trainSamples, String origin) {}

  public void print(PrintWriter out) {
    out.printf("spec %s is valid; run directory %s%n", spec.name(), Invocation.displayPath(run.root()));
    DataSpec d = spec.data();
    DataFacts facts = dataFacts();
    out.printf("data: %s (%s), %s%n", d.dataset(), d.format().name().toLowerCase().replace('_', '-'),
        d.format() == DataSpec.Format.IDX
            ? d.files().size() + " raw file(s) checked by SHA-256, sources tried in order: "
                + d.sources().stream().map(s -> s.type().name().toLowerCase()).toList()
            : "image folders under " + d.imageFolder().root()
                + (Files.isDirectory(Path.of(d.imageFolder().root())) ? "" : " (NOT FOUND on this machine)"));
    out.printf("  %s classes, %s channel(s), %s px, %s training images (%s)%n", or(facts.classes()),
        or(facts.channels()), or(facts.size()), or(facts.trainSamples()), facts.origin());
    out.printf("  splits: %s%n", splitPlan(d));
    TrainingSpec t = spec.training();
    out.printf("training: %d epoch(s), batch %d per device x %d device(s) x %d accumulation = global batch %d%n",
        t.epochs(), t.batchSize(), t.devices(), t.accumulate(), t.globalBatch());
    // The training loop's own rule (whole global batches, capped), so the plan matches the run.
    Long steps = facts.trainSamples() == null ? null
        : (long) TrainingLoop.stepsPerEpoch(t, Math.toIntExact(facts.trainSamples()));
    out.printf("  optimizer %s lr %s momentum %s wd %s, schedule %s; %s optimizer steps per epoch%n",
        t.optimizer().name(), t.optimizer().lr(), t.optimizer().momentum(), t.optimizer().weightDecay(),
        t.schedule().name().name().toLowerCase(), or(steps));
    printRecipe(out, t);
    if (facts.channels() == null || facts.size() == null) {
      out.println("model: size unknown until the data is prepared");
      out.flush();
      return;
    }
    if (facts.classes() == null) {
      // The head is the only part that depends on the class count: show the body and the per-class cost.
      ResNetConfig one = ResNetConfig.of(spec.model(), facts.channels(), 1);
      long perClass = one.featureChannels() + 1L;
      long body = one.parameterCount() - perClass;
      ResNetConfig thousand = one.withNumClasses(1000);
      out.printf("model: %s with a head for the data's classes (unknown until prepared): %,d parameters"
              + " + %,d per class (%,d at 1000 classes), %.3f G multiply-adds per %dx%d image at 1000 classes%n",
          one.displayName().replace("-1cls", ""), body, perClass, thousand.parameterCount(),
          ModelCost.multiplyAdds(thousand, facts.size(), facts.size()) / 1e9, facts.size(), facts.size());
      out.flush();
      return;
    }
    ResNetConfig config = ResNetConfig.of(spec.model(), facts.channels(), facts.classes());
    long macs = ModelCost.multiplyAdds(config, facts.size(), facts.size());
    out.printf("model: %s, %,d parameters, %.3f G multiply-adds per %dx%d image (forward)%n",
        config.displayName(), config.parameterCount(), macs / 1e9, facts.size(), facts.size());
    out.flush();
    if (!measure || steps == null) {
      return;
    }
    int threads = t.threads() != null ? t.threads() : Runtime.getRuntime().availableProcessors();
    TrainBenchmark.configureThreads(threads, 1);
    var r = TrainBenchmark.run(new TrainBenchmark.Options(config, facts.size(), t.batchSize(), 3, 1,
        threads, 1, spec.seed(), null, t.precision(), t.memoryFormat(), 1));
    double perStep = r.stepSecondsMedian() * t.devices() * t.accumulate();
    out.printf("estimate: %.2f s per optimizer step on this machine (%.1f images/s, median of 3 timed"
            + " steps at batch %d, %d thread(s); emulated devices share the CPU's cores)%n",
        perStep, r.imagesPerSecond(), t.batchSize(), threads);
    out.printf("  about %s per epoch, %s for %d epoch(s) (training only, no validation)%n",
        duration(perStep * steps), duration(perStep * steps * t.epochs()), t.epochs());
    out.flush();
  }

  /** The rest of the training recipe: schedule, regularization, augmentation, evaluation. */
  private void printRecipe(PrintWriter out, TrainingSpec t) {
    TrainingSpec.ScheduleSpec sch = t.schedule();
    out.printf("  schedule: %s%s%s, changed every %s%n", sch.name().name().toLowerCase(),
        sch.warmupEpochs() > 0 ? String.format(" after %s warmup epoch(s) from %s x lr", sch.warmupEpochs(),
            sch.warmupStartFactor()) : "",
        sch.name() == TrainingSpec.ScheduleKind.COSINE ? " down to " + sch.minLr() : "",
        sch.perEpoch() ? "epoch" : "optimizer step");
    List<String> reg = new java.util.ArrayList<>();
    reg.add("weight decay " + t.optimizer().weightDecay()
        + (t.optimizer().noDecayOnNormAndBias() ? " (none on BatchNorm and biases)" : ""));
    reg.add("label smoothing " + t.labelSmoothing());
    if (t.mixupAlpha() > 0) {
      reg.add("mixup alpha " + t.mixupAlpha());
    }
    if (t.cutmixAlpha() > 0) {
      reg.add("cutmix alpha " + t.cutmixAlpha());
    }
    if (t.clipGradNorm() != null) {
      reg.add("gradient norm clipped to " + t.clipGradNorm());
    }
    if (t.repeatedAugmentations() != null) {
      reg.add("repeated augmentation x" + t.repeatedAugmentations() + " (torchvision's RASampler)");
    }
    if (t.ema() != null) {
      reg.add(String.format("EMA of the weights every %d steps, decay %s (%s per update at this batch"
              + " and epoch count)%s", t.ema().steps(), t.ema().decay(),
          t.ema().adjustedDecay(t.globalBatch(), t.epochs()),
          t.ema().replaceModel() ? ", evaluated and exported as the model" : ""));
    }
    out.printf("  regularization: %s%n", String.join("; ", reg));
    out.printf("  augmentation (train, in order): %s%n", t.augment().isEmpty() ? "none"
        : t.augment().stream().map(DryRun::augmentText).collect(java.util.stream.Collectors.joining(", then ")));
    PreprocessSpec pre = t.preprocess();
    out.printf("  evaluation preprocessing: %s%s%s, mean %s, std %s%n",
        pre.resize() == null ? "" : "resize the shorter side to " + pre.resize() + " (" + pre.interpolation() + "), ",
        pre.crop() == null ? "no crop" : "center crop " + pre.crop(), "",
        pre.mean() == null ? "of the train split" : pre.mean(), pre.std() == null ? "of the train split" : pre.std());
    var ev = spec.evaluation();
    out.printf("evaluation: split %s, top-%s, batch %d, targets %s%n", ev.split(), ev.topK(), ev.batchSize(),
        ev.targets().isEmpty() ? "none" : ev.targets().stream().map(x -> x.metric()
            + (x.min() != null ? " >= " + x.min() : " " + x.value() + " +/- " + x.tolerance())).toList());
  }

  /** One augmentation as its kind and the values it will use (defaults filled in). */
  private static String augmentText(TrainingSpec.AugmentSpec a) {
    Map<String, Object> m = new java.util.LinkedHashMap<>(
        dev.recipe.core.io.Json.json().convertValue(a, Map.class));
    Object name = m.remove("name");
    m.values().removeIf(java.util.Objects::isNull);
    return name + (m.isEmpty() ? "" : " " + m);
  }

  /** Which images train, validate and test, in words. */
  private static String splitPlan(DataSpec d) {
    boolean folder = d.format() == DataSpec.Format.IMAGE_FOLDER;
    String test = folder && d.imageFolder().val() != null && d.imageFolder().valAsTest()
        ? "the official val folder (" + d.imageFolder().val() + ") is the test split"
        : folder ? "no test split" : "the official test split is the test split";
    String val = d.split().valFraction() == 0
        ? "every training image trains, no validation split (no per-epoch validation)"
        : String.format(java.util.Locale.ROOT, "%.2f%% of each training class held out for validation",
            100 * d.split().valFraction());
    return val + "; " + test;
  }

  private DataFacts dataFacts() {
    if (Files.exists(run.manifest())) {
      Manifest m = Manifest.read(run.data());
      return new DataFacts(model(spec.model().inputChannels(), m.channels()),
          model(spec.model().numClasses(), m.numClasses()), inputSize(m.height()),
          (long) m.split("train").count(), "from the prepared data in " + Invocation.displayPath(run.data()));
    }
    DataSpec d = spec.data();
    Integer channels = d.image().channels() != null ? d.image().channels()
        : d.format() == DataSpec.Format.IDX ? 1 : 3;
    Integer classes = d.classNames() != null ? Integer.valueOf(d.classNames().size()) : null;
    Long train = null;
    Integer stored = d.image().size();
    if (d.format() == DataSpec.Format.IDX) {
      // IDX images: 16-byte header, then rows x cols bytes per image; MNIST-family images are 28x28.
      int side = stored != null ? stored : 28;
      Optional<DataSpec.RawFile> images = d.files().stream().filter(f -> f.role().equals("train-images")).findFirst();
      if (images.isPresent() && images.get().size() != null) {
        train = (images.get().size() - 16) / (28L * 28);
      }
      stored = side;
    } else {
      Path trainDir = Path.of(d.imageFolder().root()).resolve(d.imageFolder().train());
      if (Files.isDirectory(trainDir)) {
        try (Stream<Path> classDirs = Files.list(trainDir); Stream<Path> all = Files.walk(trainDir, 2)) {
          classes = classes != null ? classes : (int) classDirs.filter(Files::isDirectory).count();
          train = all.filter(Files::isRegularFile).count();
        } catch (IOException e) {
          train = null;
        }
      }
    }
    if (train != null) {
      train = Math.round(train * (1 - d.split().valFraction()));
    }
    return new DataFacts(model(spec.model().inputChannels(), channels),
        model(spec.model().numClasses(), classes), inputSize(stored), train, "from the spec, before preparing");
  }

  private static Integer model(Integer fromModel, Integer fromData) {
    return fromModel != null ? fromModel : fromData;
  }

  /** The size the network sees: the train crop when there is one, else the eval crop, else the stored size. */
  private Integer inputSize(Integer stored) {
    for (TrainingSpec.AugmentSpec a : spec.training().augment()) {
      if (a.name() == TrainingSpec.AugmentKind.RANDOM_RESIZED_CROP) {
        return a.size();
      }
    }
    if (spec.training().preprocess().crop() != null) {
      return spec.training().preprocess().crop();
    }
    return stored;
  }

  private static String or(Object v) {
    return v == null ? "unknown" : v instanceof Number n && n.longValue() >= 1000 ? String.format("%,d", n.longValue()) : v.toString();
  }

  private static String duration(double seconds) {
    if (seconds < 120) {
      return String.format("%.0f s", seconds);
    }
    if (seconds < 7200) {
      return String.format("%.1f min", seconds / 60);
    }
    return String.format("%.1f h", seconds / 3600);
  }
}
