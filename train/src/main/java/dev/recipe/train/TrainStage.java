package dev.recipe.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import dev.recipe.core.RecipeException;
import dev.recipe.core.io.Hashing;
import dev.recipe.core.io.Json;
import dev.recipe.core.io.ListDigest;
import dev.recipe.core.random.Seeds;
import dev.recipe.core.record.DynamicsLine;
import dev.recipe.core.record.StageRecord;
import dev.recipe.core.record.StageRecorder;
import dev.recipe.core.run.RunDirectory;
import dev.recipe.core.spec.RecipeSpec;
import dev.recipe.core.spec.TrainingSpec;
import dev.recipe.core.stage.Stage;
import dev.recipe.core.stage.StageContext;
import dev.recipe.data.Manifest;
import dev.recipe.data.Preprocessing;
import dev.recipe.data.ProcessedDataset;
import dev.recipe.model.ModelDescriptor;
import dev.recipe.model.ModelFiles;
import dev.recipe.model.ResNetConfig;
import dev.recipe.model.SafeTensors;
import dev.recipe.model.StateDict;
import dev.recipe.train.data.EpochOrder;
import dev.recipe.train.data.LabeledImages;
import dev.recipe.train.data.SampleTransform;
import dev.recipe.train.loop.Devices;
import dev.recipe.train.loop.DivergedException;
import dev.recipe.train.loop.StoppedException;
import dev.recipe.train.loop.TrainingLoop;
import dev.recipe.train.model.ResNetBlock;
import dev.recipe.train.model.ResNets;
import dev.recipe.train.optim.ParamSlot;
import dev.recipe.train.optim.ParamSlots;
import dev.recipe.train.optim.WeightAverage;
import dev.recipe.train.schedule.LrSchedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code train}: data/ + spec -> model/ (weights.safetensors + model.json), checkpoints/,
 * metrics/train.jsonl and stages/train.json. Deterministic for a given spec, data, code, thread
 * settings and hardware class; {@code resume} continues from the latest checkpoint with the same
 * final weights as an uninterrupted run.
 */
public final class TrainStage implements Stage {
  private static final Logger LOG = LoggerFactory.getLogger(TrainStage.class);

  private final boolean resume;
  private final boolean resumeIntact;
  private final Integer checkpointEverySteps;
  private final Long stopAfterSteps;

  /** A fresh run (what {@code recipe run} uses). */
  public TrainStage() {
    this(false, null, null);
  }

  /**
   * @param resume continue from the latest checkpoint
   * @param checkpointEverySteps extra mid-epoch checkpoints (null: the spec's, or none)
   * @param stopAfterSteps stop abruptly after this many optimizer steps (crash simulation; tests)
   */
  public TrainStage(boolean resume, Integer checkpointEverySteps, Long stopAfterSteps) {
    this(resume, false, checkpointEverySteps, stopAfterSteps);
  }

  /**
   * @param resumeIntact with resume: when the newest checkpoint's files do not match their recorded
   *     SHA-256, continue from the newest intact one (without it a damaged checkpoint is refused)
   */
  public TrainStage(boolean resume, boolean resumeIntact, Integer checkpointEverySteps, Long stopAfterSteps) {
    this.resume = resume || resumeIntact;
    this.resumeIntact = resumeIntact;
    this.checkpointEverySteps = checkpointEverySteps;
    this.stopAfterSteps = stopAfterSteps;
  }

  @Override
  public String name() {
    return "train";
  }

  @Override
  public StageRecord run(StageContext ctx) throws Exception {
    List<dev.recipe.data.IndexedSplit> opened = new ArrayList<>(); // JPEG splits read on demand
    try {
      return run(ctx, opened);
    } finally {
      opened.forEach(dev.recipe.data.IndexedSplit::close);
    }
  }

  private StageRecord run(StageContext ctx, List<dev.recipe.data.IndexedSplit> opened) throws Exception {
    RecipeSpec spec = ctx.spec();
    TrainingSpec t = spec.training();
    RunDirectory run = ctx.run();
    StageRecorder rec = ctx.recorder(name());
    if (!Files.isRegularFile(run.manifest())) {
      throw RecipeException.badInput("no processed dataset at " + run.manifest()
          + ": run `recipe prepare` (or `recipe run`) for this run directory first");
    }
    dev.recipe.data.PrepareStage.checkPreparedWith(run, spec.data());
    // Loads the engine (and its native library) before any thread setting.
    Engine.getInstance().setRandomSeed((int) (spec.seed() ^ (spec.seed() >>> 32)));
    Map<String, String> threads = configureThreads(t);

    ProcessedDataset dataset = ProcessedDataset.open(run.data());
    Manifest manifest = dataset.manifest();
    rec.input(run.data());
    LabeledImages train = images(dataset, "train", opened);
    LabeledImages val = manifest.splits().containsKey("val") ? images(dataset, "val", opened) : null;
    ResNetConfig config = ResNetConfig.of(spec.model(), manifest.channels(), manifest.numClasses());
    if (config.numClasses() != manifest.numClasses()) {
      throw RecipeException.badInput("model.numClasses is " + config.numClasses()
          + " but the processed dataset has " + manifest.numClasses() + " classes");
    }
    Preprocessing pre = Preprocessing.of(t.preprocess(), manifest);
    SampleTransform trainTransform = SampleTransform.train(t.augment(), pre);
    SampleTransform evalTransform = SampleTransform.eval(pre);

    Device[] devices = devices(t.devices(), rec);
    InitialWeights init = InitialWeights.of(t.pretrained(), config, spec.seed());
    LOG.info("{}: {}", config.displayName(), init.note());
    if (init.headReplaced()) {
      rec.warn(init.note());
    }
    if (t.pretrained() != null) {
      rec.input(Path.of(init.source()));
    }
    Integer every = checkpointEverySteps != null ? checkpointEverySteps : t.checkpointEverySteps();
    String configSha = configSha256(spec, manifest);

    try (Model model = ResNets.withWeights(config, init.weights(), devices[0], init.source())) {
      ResNetBlock block = ResNets.block(model);
      List<Pair<String, Parameter>> named = new ArrayList<>();
      ResNets.namedParameters(block).forEach((k, v) -> named.add(new Pair<>(k, v)));
      List<ParamSlot> slots = ParamSlots.of(named, t.optimizer(), t.freeze(), InitialWeights.HEAD,
          t.headLrMultiplier());
      checkFreeze(t.freeze(), named);
      int stepsPerEpoch = TrainingLoop.stepsPerEpoch(t, train.size());
      LrSchedule schedule = LrSchedule.of(t, stepsPerEpoch);
      // The order that epoch 1 visits the stored train positions: a check value another
      // implementation of the shuffle compares against.
      ListDigest.Check epoch1 = ListDigest.ofPositions(EpochOrder.of(t, train.size(), spec.seed(), 0), 10).result();
      TrainResult begun = started(spec, config, devices, threads, stepsPerEpoch, schedule, slots, every,
          init, manifest.fingerprint(), epoch1);
      rec.result(begun);
      rec.environment(Map.of("djl", Engine.getDjlVersion(), "pytorch", Engine.getInstance().getVersion()),
          threads, gpuNames(devices));

      TrainingLoop.Result result;
      StateDict averaged;
      try (WeightAverage average = t.ema() == null ? null : new WeightAverage(
          ResNets.namedParameters(block), t.ema().adjustedDecay(t.globalBatch(), t.epochs()))) {
        result = TrainingLoop.builder()
            .setModel(block, model.getNDManager())
            .setSlots(slots)
            .setSpec(t)
            .setSeed(spec.seed())
            .setTrainData(train, trainTransform)
            .optValidation(val, evalTransform, spec.evaluation().batchSize())
            .setOutputs(run.checkpoints(), run.trainMetrics())
            .optResume(resume)
            .optResumeIntact(resumeIntact)
            .optCheckpointEverySteps(every)
            .optStopAfterSteps(stopAfterSteps)
            .optDevices(devices)
            .optConfigSha256(configSha)
            .optEpochObserver(ctx.epochs())
            .optClasses(config.numClasses())
            .optWeightAverage(average)
            .optCheckpointExtra(dir -> SafeTensors.write(dir.resolve(ModelDescriptor.WEIGHTS_FILE),
                ResNets.stateDict(block)))
            .build()
            .run();
        averaged = average == null ? null : average.stateDict();
      } catch (StoppedException e) {
        rec.result(new TrainResult(begun.params(), begun.metrics().stopped(e.epoch(), null), begun.details()));
        rec.warn(e.getMessage());
        rec.finish(StageRecord.FAILED);
        throw e;
      } catch (DivergedException e) {
        rec.result(new TrainResult(begun.params(), begun.metrics().stopped(null, e.step()), begun.details()));
        rec.warn(e.getMessage());
        rec.finish(StageRecord.FAILED);
        throw e;
      }
      if (result.stopped()) {
        rec.warn("stopped after optimizer step " + result.globalStep() + " without finishing");
        return rec.finish(StageRecord.FAILED);
      }
      int[] inShape = evalTransform.outputShape(
          manifest.width() == null ? pre.crop() : manifest.width(),
          manifest.height() == null ? pre.crop() : manifest.height());
      StateDict raw = ResNets.stateDict(block);
      // a second model directory from an earlier run with another ema setting would be evaluated
      // as this run's: remove both before writing the one this run has
      dev.recipe.data.fetch.FileTrees.deleteTree(run.rawWeightsModel());
      dev.recipe.data.fetch.FileTrees.deleteTree(run.emaModel());
      boolean emaIsModel = averaged != null && t.ema().replaceModel();
      ModelDescriptor base = new ModelDescriptor(config, manifest.classNames(), pre, inShape[1], inShape[2], null, null, ctx.specSha256(),
              ctx.code() == null || ctx.code().git() == null ? null : ctx.code().git().commit());
      ModelDescriptor descriptor = ModelFiles.write(run.model(), emaIsModel ? averaged : raw, base);
      TrainResult.WeightAverage weightAverage = null;
      if (averaged != null) {
        // the other weights, as a model directory of their own, so that evaluate reports both
        Path other = emaIsModel ? run.rawWeightsModel() : run.emaModel();
        ModelDescriptor d = ModelFiles.write(other, emaIsModel ? raw : averaged, base);
        weightAverage = new TrainResult.WeightAverage(emaIsModel ? "ema" : "raw",
            t.ema().adjustedDecay(t.globalBatch(), t.epochs()), run.root().relativize(other).toString(),
            d.weightsSha256());
        rec.output(other.resolve(ModelDescriptor.WEIGHTS_FILE));
      }
      rec.result(finished(begun, result, descriptor, weightAverage));
      rec.throughput(result.imagesPerSecond(), "images/s");
      rec.output(run.model().resolve(ModelDescriptor.WEIGHTS_FILE));
      rec.output(run.model().resolve(ModelDescriptor.FILE_NAME));
      rec.output(run.trainMetrics());
      LOG.info("trained {} steps; final weights SHA-256 {}", result.globalStep(),
          descriptor.weightsSha256());
      return rec.finish();
    }
  }

  /** What decides the weights besides code and hardware: model + training sections, seed, data. */
  static String configSha256(RecipeSpec spec, Manifest manifest) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", spec.model());
    m.put("training", spec.training());
    m.put("seed", spec.seed());
    m.put("data", manifest.fingerprint());
    return Hashing.sha256(Json.toJson(m));
  }

  /** Intra-op threads from the spec (or the engine's), recorded with the inter-op count. */
  static Map<String, String> configureThreads(TrainingSpec t) {
    if (t.threads() != null) {
      JniUtils.setNumThreads(t.threads());
    }
    Map<String, String> m = new LinkedHashMap<>();
    m.put("intraOp", String.valueOf(JniUtils.getNumThreads()));
    m.put("interOp", String.valueOf(JniUtils.getNumInteropThreads()));
    m.put("loader", String.valueOf(t.loaderThreads()));
    return m;
  }

  /**
   * A split's images: JPEG shards are decoded on demand in the loader threads (an ImageNet-size
   * split does not fit in memory decoded); PNG shards (small images) are decoded once, up front.
   * The pixels are the same either way.
   */
  private static LabeledImages images(ProcessedDataset dataset, String split,
      List<dev.recipe.data.IndexedSplit> opened) {
    dev.recipe.data.IndexedSplit indexed = dataset.index(split); // shards verified once, here
    if (indexed.anyJpeg()) {
      opened.add(indexed);
      return LabeledImages.of(indexed);
    }
    try (indexed) {
      return LabeledImages.decoded(indexed);
    }
  }

  /**
   * One device per shard: N GPUs when the engine has them, otherwise the CPU N times (the shards
   * then run concurrently on its cores, with the same arithmetic as N devices).
   */
  public static Device[] devices(int n, StageRecorder rec) {
    Device[] devices = Devices.forShards(n);
    if (n > 1 && !devices[0].isGpu()) {
      int gpus = Engine.getInstance().getGpuCount();
      rec.warn("training.devices is " + n + " but " + (gpus > 0 ? "only " + gpus + " GPU(s) exist" : "no GPU exists")
          + ": the " + n + " per-device parts of each step run concurrently on the CPU, one thread"
          + " each, sharing its cores (same update as " + n + " devices; BatchNorm statistics per"
          + " device)");
    }
    return devices;
  }

  private static List<String> gpuNames(Device[] devices) {
    return Arrays.stream(devices).filter(Device::isGpu).map(Device::toString).distinct().toList();
  }

  private static void checkFreeze(List<String> freeze, List<Pair<String, Parameter>> named) {
    List<String> unknown = freeze.stream()
        .filter(f -> named.stream().noneMatch(p -> ParamSlots.matches(p.getKey(), f))).toList();
    if (!unknown.isEmpty()) {
      throw RecipeException.badInput("training.freeze: no parameter name starts with " + unknown
          + " (names are torchvision's: conv1, bn1, layer1 .. layer4, fc)");
    }
  }

  /** What is known before the first step: the record of a run that stops or diverges has it. */
  private static TrainResult started(RecipeSpec spec, ResNetConfig config, Device[] devices,
      Map<String, String> threads, int stepsPerEpoch, LrSchedule schedule, List<ParamSlot> slots,
      Integer every, InitialWeights init, String dataFingerprint, ListDigest.Check epoch1Order) {
    TrainResult.Params params = new TrainResult.Params(spec.training(), config, spec.seed(),
        spec.training().globalBatch(), stepsPerEpoch, schedule.totalSteps(), schedule.warmupSteps(),
        Arrays.stream(devices).map(Device::toString).toList(), !devices[0].isGpu() && devices.length > 1,
        threads, every, true);
    long trainable = slots.stream().filter(s -> !s.frozen())
        .mapToLong(s -> s.parameter().getArray().size()).sum();
    long frozen = slots.stream().filter(ParamSlot::frozen)
        .mapToLong(s -> s.parameter().getArray().size()).sum();
    TrainResult.Details details = new TrainResult.Details(dataFingerprint, init.note(),
        dev.recipe.model.ArchitectureText.of(config), dev.recipe.train.optim.SgdOptimizer.UPDATE_RULE,
        schedule.formula(), dev.recipe.train.loop.DynamicsLog.METRIC_DEFINITIONS, init.headReplaced(),
        init.sha256(), trainable, frozen,
        slots.stream().filter(s -> s.weightDecay() == 0 && !s.frozen()).map(ParamSlot::name).toList(),
        "batch statistics per device, over that device's part of the batch"
            + " (like PyTorch DDP without SyncBatchNorm); running statistics from device 0",
        "shuffle from (seed, epoch); every augmentation draw from (seed,"
            + " epoch, sample index) via SplitMix64 with SplittableRandom's draws, written out (SplitMix)",
        spec.training().repeatedAugmentations() == null
            ? Seeds.SHUFFLE_ALGORITHM : Seeds.SHUFFLE_ALGORITHM + EpochOrder.REPEATED_ALGORITHM,
        epoch1Order, null, null, null);
    TrainResult.Metrics metrics = new TrainResult.Metrics(config.parameterCount(), null, null, null,
        null, null, null, null, null, null, null, null, null, null);
    return new TrainResult(params, metrics, details);
  }

  private static TrainResult finished(TrainResult begun, TrainingLoop.Result r, ModelDescriptor d,
      TrainResult.WeightAverage weightAverage) {
    List<DynamicsLine> h = r.history();
    DynamicsLine last = h.isEmpty() ? null : h.get(h.size() - 1);
    DynamicsLine best = h.stream().filter(l -> l.valTop1() != null)
        .max((a, b) -> Double.compare(a.valTop1(), b.valTop1())).orElse(last);
    TrainResult.Metrics metrics = new TrainResult.Metrics(begun.metrics().parameters(),
        d.weightsSha256(), h.size(), r.globalStep(), TrainResult.EpochSummary.of(last),
        TrainResult.EpochSummary.of(best), last == null ? null : last.valTop1(),
        last == null ? null : last.loss(), r.imagesPerSecond(), r.seconds(), r.dataSeconds(),
        r.computeSeconds(), null, null);
    return new TrainResult(begun.params(), metrics, begun.details().finished(weightAverage,
        r.resumedFrom(), r.lastCheckpoint() == null ? null : r.lastCheckpoint().getFileName().toString()));
  }
}
