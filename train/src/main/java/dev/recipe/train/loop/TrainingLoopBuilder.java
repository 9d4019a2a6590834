package dev.recipe.train.loop;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.recipe.core.stage.EpochObserver;
import dev.recipe.core.spec.TrainingSpec;
import dev.recipe.train.data.LabeledImages;
import dev.recipe.train.data.SampleTransform;
import dev.recipe.train.optim.ParamSlot;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** Configures a {@link TrainingLoop}: {@code setX} required, {@code optX} optional. */
public final class TrainingLoopBuilder {
  // package-private: the loop reads the settings it was built with
  EpochObserver epochObserver = EpochObserver.NONE;
  Block block;
  NDManager manager;
  List<ParamSlot> slots;
  TrainingSpec spec;
  Long seedValue;
  long seed;
  LabeledImages train;
  SampleTransform trainTransform;
  LabeledImages val;
  SampleTransform valTransform;
  int valBatchSize = 256;
  Path checkpointDir;
  Path metricsFile;
  boolean resume;
  boolean resumeIntact;
  Integer checkpointEverySteps;
  Long stopAfterSteps;
  Device[] devices;
  String configSha256 = "";
  java.util.function.Consumer<Path> checkpointExtra;
  java.util.function.IntConsumer shardStarted = d -> { };
  dev.recipe.train.optim.WeightAverage average;
  int classes;

  /** The initialized block and the manager that owns its parameters (on the primary device). */
  public TrainingLoopBuilder setModel(Block block, NDManager manager) {
    this.block = block;
    this.manager = manager;
    return this;
  }

  /** With resume: fall back to the newest intact checkpoint when newer ones are damaged. */
  public TrainingLoopBuilder optResumeIntact(boolean resumeIntact) {
    this.resumeIntact = resumeIntact;
    return this;
  }

  /** Called on each shard's own thread as the shard starts, with its device index (tests). */
  public TrainingLoopBuilder optShardStarted(java.util.function.IntConsumer hook) {
    this.shardStarted = hook;
    return this;
  }

  /** The trainable tensors with their lr multipliers, weight decay and frozen flags. */
  public TrainingLoopBuilder setSlots(List<ParamSlot> slots) {
    this.slots = List.copyOf(slots);
    return this;
  }

  public TrainingLoopBuilder setSpec(TrainingSpec spec) {
    this.spec = spec;
    return this;
  }

  public TrainingLoopBuilder setSeed(long seed) {
    this.seedValue = seed;
    this.seed = seed;
    return this;
  }

  public TrainingLoopBuilder setTrainData(LabeledImages images, SampleTransform transform) {
    this.train = images;
    this.trainTransform = transform;
    return this;
  }

  /** The number of classes (the width of mixed targets; required when the spec mixes batches). */
  public TrainingLoopBuilder optClasses(int classes) {
    this.classes = classes;
    return this;
  }

  /** Where checkpoints and the dynamics log go. */
  public TrainingLoopBuilder setOutputs(Path checkpointDir, Path metricsFile) {
    this.checkpointDir = checkpointDir;
    this.metricsFile = metricsFile;
    return this;
  }

  public TrainingLoopBuilder optValidation(LabeledImages images, SampleTransform transform, int batchSize) {
    this.val = images;
    this.valTransform = transform;
    this.valBatchSize = batchSize;
    return this;
  }

  /** Continue from the latest checkpoint (a fresh start when there is none). */
  public TrainingLoopBuilder optResume(boolean resume) {
    this.resume = resume;
    return this;
  }

  /** Also checkpoint every {@code steps} optimizer steps inside epochs (exact mid-epoch resume). */
  public TrainingLoopBuilder optCheckpointEverySteps(Integer steps) {
    this.checkpointEverySteps = steps;
    return this;
  }

  /** Stop abruptly after this many optimizer steps, writing nothing more (crash simulation). */
  public TrainingLoopBuilder optStopAfterSteps(Long steps) {
    this.stopAfterSteps = steps;
    return this;
  }

  /** One device per shard (default: the model's device repeated {@code training.devices} times). */
  public TrainingLoopBuilder optDevices(Device[] devices) {
    this.devices = devices == null ? null : devices.clone();
    return this;
  }

  /** Writes extra files into every checkpoint directory (e.g. torchvision-named weights). */
  public TrainingLoopBuilder optCheckpointExtra(java.util.function.Consumer<Path> extra) {
    this.checkpointExtra = extra;
    return this;
  }

  /** Told after every epoch; may stop training (after a checkpoint), e.g. when a reproduction is off track. */
  public TrainingLoopBuilder optEpochObserver(EpochObserver observer) {
    this.epochObserver = observer == null ? EpochObserver.NONE : observer;
    return this;
  }

  /**
   * The moving average of the weights to keep when {@code training.ema} is set (the caller owns and
   * closes it): updated on the spec's schedule, validated every epoch, saved in every checkpoint and
   * restored on resume.
   */
  public TrainingLoopBuilder optWeightAverage(dev.recipe.train.optim.WeightAverage average) {
    this.average = average;
    return this;
  }

  /** A hash of what decides the weights; resuming with another one is refused. */
  public TrainingLoopBuilder optConfigSha256(String sha) {
    this.configSha256 = sha;
    return this;
  }

  public TrainingLoop build() {
    Objects.requireNonNull(block, "setModel is required");
    Objects.requireNonNull(manager, "setModel is required");
    Objects.requireNonNull(slots, "setSlots is required");
    Objects.requireNonNull(spec, "setSpec is required");
    Objects.requireNonNull(seedValue, "setSeed is required");
    Objects.requireNonNull(train, "setTrainData is required");
    Objects.requireNonNull(checkpointDir, "setOutputs is required");
    if (devices != null && devices.length != spec.devices()) {
      throw new IllegalArgumentException("optDevices has " + devices.length
          + " devices but training.devices is " + spec.devices());
    }
    if (spec.mixesBatches() && classes <= 0) {
      throw new IllegalArgumentException("mixup/cutmix need optClasses");
    }
    if ((spec.ema() == null) != (average == null)) {
      throw new IllegalArgumentException("training.ema and optWeightAverage go together");
    }
    return new TrainingLoop(this);
  }
}
