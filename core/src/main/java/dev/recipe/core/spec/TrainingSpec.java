package dev.recipe.core.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Optimization. Owned by train.
 *
 * @param epochs number of epochs
 * @param batchSize images per device per micro-batch
 * @param devices number of devices the global batch is split across
 * @param accumulate micro-batches accumulated per optimizer step
 * @param optimizer optimizer settings
 * @param schedule learning-rate schedule, stepped per optimizer step
 * @param labelSmoothing label smoothing epsilon
 * @param augment train-time augmentations, applied in order
 * @param preprocess evaluation preprocessing (also used for validation during training)
 * @param checkpointEvery epochs between checkpoints
 * @param checkpointEverySteps also checkpoint every N optimizer steps inside epochs (null: never);
 *     makes a resume after a mid-epoch kill lose at most N steps
 * @param logEvery optimizer steps between dynamics lines
 * @param maxStepsPerEpoch cap on optimizer steps per epoch (quick runs and tests); null: all
 * @param pretrained weights to start from
 * @param freeze parameter-name prefixes (torchvision names, e.g. conv1, layer1) to keep frozen
 * @param headLrMultiplier learning-rate multiplier of the classifier head
 * @param threads intra-op threads for the engine (null: the engine's default)
 * @param loaderThreads data-loading threads
 * @param precision arithmetic of forward and backward ({@link Precision}); weights and optimizer
 *     state are always fp32
 * @param memoryFormat layout of the activations ({@link MemoryFormat}); changes speed and rounding,
 *     so it is part of what decides the weights
 * @param ema exponential moving average of the weights ({@link EmaSpec}); null: none
 * @param mixupAlpha mixup's Beta(alpha, alpha) parameter (torchvision's {@code --mixup-alpha});
 *     0: no mixup
 * @param cutmixAlpha cutmix's Beta(alpha, alpha) parameter ({@code --cutmix-alpha}); 0: no cutmix.
 *     With both, each batch takes one of the two, chosen uniformly
 * @param clipGradNorm clip the global L2 norm of the gradients to this (torchvision's
 *     {@code --clip-grad-norm}); null: no clipping
 * @param repeatedAugmentations torchvision's repeated-augmentation sampler ({@code --ra-sampler
 *     --ra-reps N}): each epoch takes every image N times, each copy on another device with its
 *     own augmentation, and keeps about one epoch's worth of the result; null: off
 */
public record TrainingSpec(
    Integer epochs,
    Integer batchSize,
    Integer devices,
    Integer accumulate,
    OptimizerSpec optimizer,
    ScheduleSpec schedule,
    Double labelSmoothing,
    List<AugmentSpec> augment,
    PreprocessSpec preprocess,
    Integer checkpointEvery,
    Integer checkpointEverySteps,
    Integer logEvery,
    Integer maxStepsPerEpoch,
    PretrainedSpec pretrained,
    List<String> freeze,
    Double headLrMultiplier,
    Integer threads,
    Integer loaderThreads,
    Precision precision,
    MemoryFormat memoryFormat,
    EmaSpec ema,
    Double mixupAlpha,
    Double cutmixAlpha,
    Double clipGradNorm,
    Integer repeatedAugmentations) {

  /** Arithmetic of the training step. */
  public enum Precision {
    /** float32 everywhere. */
    @JsonProperty("fp32") FP32,
    /**
     * float16 copies of the weights for forward and backward, float32 master weights, optimizer
     * state, BatchNorm parameters and statistics, and loss; dynamic loss scaling.
     */
    @JsonProperty("fp16") FP16,
    /** bfloat16: refused, see {@link TrainingSpec#BF16_UNAVAILABLE}. */
    @JsonProperty("bf16") BF16
  }

  /** Memory layout of images and activations during training. */
  public enum MemoryFormat {
    /** NHWC strides (PyTorch's {@code torch.channels_last}): oneDNN convolutions without reorders. */
    @JsonProperty("channelsLast") CHANNELS_LAST,
    /** NCHW strides, PyTorch's default. */
    @JsonProperty("contiguous") CONTIGUOUS
  }

  /** Why {@code precision: bf16} is refused (before anything native is touched). */
  public static final String BF16_UNAVAILABLE = "bf16 is not available through"
      + " DJL 0.36's PyTorch engine: its JNI maps no bfloat16 type (a cast aborts the JVM), so no"
      + " bfloat16 tensor can be made; use fp32 or fp16";

  public TrainingSpec {
    epochs = epochs == null ? 1 : epochs;
    Check.positive(epochs, "epochs");
    batchSize = batchSize == null ? 32 : batchSize;
    Check.positive(batchSize, "batchSize");
    devices = devices == null ? 1 : devices;
    Check.positive(devices, "devices");
    accumulate = accumulate == null ? 1 : accumulate;
    Check.positive(accumulate, "accumulate");
    optimizer = optimizer == null ? OptimizerSpec.defaults() : optimizer;
    schedule = schedule == null ? ScheduleSpec.defaults() : schedule;
    labelSmoothing = labelSmoothing == null ? 0.0 : labelSmoothing;
    Check.fraction(labelSmoothing, "labelSmoothing");
    augment = augment == null ? List.of() : List.copyOf(augment);
    for (int i = 1; i < augment.size(); i++) {
      Check.require(augment.get(i).name().afterNormalization()
          || !augment.get(i - 1).name().afterNormalization(), "augment: "
          + augment.get(i - 1).name().toString().toLowerCase().replace('_', '-')
          + " works on the normalized tensor and must come after every image augmentation");
    }
    preprocess = preprocess == null ? PreprocessSpec.defaults() : preprocess;
    checkpointEvery = checkpointEvery == null ? 1 : checkpointEvery;
    Check.positive(checkpointEvery, "checkpointEvery");
    if (checkpointEverySteps != null) {
      Check.positive(checkpointEverySteps, "checkpointEverySteps");
    }
    logEvery = logEvery == null ? 50 : logEvery;
    Check.positive(logEvery, "logEvery");
    if (maxStepsPerEpoch != null) {
      Check.positive(maxStepsPerEpoch, "maxStepsPerEpoch");
    }
    freeze = freeze == null ? List.of() : List.copyOf(freeze);
    headLrMultiplier = headLrMultiplier == null ? 1.0 : headLrMultiplier;
    Check.nonNegative(headLrMultiplier, "headLrMultiplier");
    if (threads != null) {
      Check.positive(threads, "threads");
    }
    loaderThreads = loaderThreads == null ? 2 : loaderThreads;
    Check.positive(loaderThreads, "loaderThreads");
    precision = precision == null ? Precision.FP32 : precision;
    Check.require(precision != Precision.BF16, "precision: " + BF16_UNAVAILABLE);
    memoryFormat = memoryFormat == null ? MemoryFormat.CHANNELS_LAST : memoryFormat;
    mixupAlpha = mixupAlpha == null ? 0.0 : mixupAlpha;
    Check.nonNegative(mixupAlpha, "mixupAlpha");
    cutmixAlpha = cutmixAlpha == null ? 0.0 : cutmixAlpha;
    Check.nonNegative(cutmixAlpha, "cutmixAlpha");
    if (clipGradNorm != null) {
      Check.positive(clipGradNorm, "clipGradNorm");
    }
    if (repeatedAugmentations != null) {
      Check.require(repeatedAugmentations >= 1, "repeatedAugmentations must be >= 1, got "
          + repeatedAugmentations);
    }
  }

  /** Whether batches are mixed (mixup or cutmix): the loss then takes soft targets. */
  public boolean mixesBatches() {
    return mixupAlpha > 0 || cutmixAlpha > 0;
  }

  /** Images per optimizer step: batchSize x devices x accumulate. */
  public int globalBatch() {
    return batchSize * devices * accumulate;
  }

  static TrainingSpec defaults() {
    return new TrainingSpec(null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /**
   * SGD with momentum, PyTorch semantics.
   *
   * @param name only {@code sgd}
   * @param lr base learning rate (for the global batch)
   * @param weightDecay L2 weight decay
   * @param noDecayOnNormAndBias exclude BatchNorm parameters and biases from weight decay
   */
  public record OptimizerSpec(
      String name, Double lr, Double momentum, Boolean nesterov, Double weightDecay,
      Boolean noDecayOnNormAndBias) {
    public OptimizerSpec {
      name = name == null ? "sgd" : name;
      Check.require(name.equals("sgd"), "optimizer.name must be sgd");
      lr = lr == null ? 0.1 : lr;
      Check.positive(lr, "lr");
      momentum = momentum == null ? 0.9 : momentum;
      Check.fraction(momentum, "momentum");
      nesterov = nesterov == null ? Boolean.FALSE : nesterov;
      weightDecay = weightDecay == null ? 1e-4 : weightDecay;
      Check.nonNegative(weightDecay, "weightDecay");
      noDecayOnNormAndBias = noDecayOnNormAndBias == null ? Boolean.FALSE : noDecayOnNormAndBias;
    }

    static OptimizerSpec defaults() {
      return new OptimizerSpec(null, null, null, null, null, null);
    }
  }

  /** Schedule kinds. */
  public enum ScheduleKind {
    @JsonProperty("constant") CONSTANT,
    @JsonProperty("step") STEP,
    @JsonProperty("multistep") MULTISTEP,
    @JsonProperty("cosine") COSINE
  }

  /**
   * Learning-rate schedule in epochs, applied per optimizer step.
   *
   * @param stepSize epochs between decays (step)
   * @param milestones epochs at which to decay (multistep)
   * @param gamma decay factor (step, multistep)
   * @param warmupEpochs linear warmup length in epochs (may be fractional)
   * @param warmupStartFactor lr factor at the first step of warmup
   * @param minLr final lr of cosine
   * @param perEpoch change the rate once per epoch, at its first step (torchvision's reference calls
   *     {@code lr_scheduler.step()} once per epoch); false: at every optimizer step
   */
  public record ScheduleSpec(
      ScheduleKind name, Integer stepSize, List<Integer> milestones, Double gamma,
      Double warmupEpochs, Double warmupStartFactor, Double minLr, Boolean perEpoch) {
    public ScheduleSpec {
      name = name == null ? ScheduleKind.CONSTANT : name;
      milestones = milestones == null ? List.of() : List.copyOf(milestones);
      gamma = gamma == null ? 0.1 : gamma;
      warmupEpochs = warmupEpochs == null ? 0.0 : warmupEpochs;
      Check.nonNegative(warmupEpochs, "warmupEpochs");
      warmupStartFactor = warmupStartFactor == null ? 0.01 : warmupStartFactor;
      minLr = minLr == null ? 0.0 : minLr;
      perEpoch = perEpoch == null ? Boolean.FALSE : perEpoch;
      if (name == ScheduleKind.STEP) {
        Check.require(stepSize != null && stepSize > 0, "stepSize is required for a step schedule");
      }
      if (name == ScheduleKind.MULTISTEP) {
        Check.require(!milestones.isEmpty(), "milestones are required for a multistep schedule");
      }
    }

    static ScheduleSpec defaults() {
      return new ScheduleSpec(null, null, null, null, null, null, null, null);
    }
  }

  /** Augmentation kinds. */
  public enum AugmentKind {
    @JsonProperty("random-resized-crop") RANDOM_RESIZED_CROP,
    @JsonProperty("pad-crop") PAD_CROP,
    @JsonProperty("horizontal-flip") HORIZONTAL_FLIP,
    @JsonProperty("random-erasing") RANDOM_ERASING,
    @JsonProperty("trivial-augment-wide") TRIVIAL_AUGMENT_WIDE,
    @JsonProperty("rand-augment") RAND_AUGMENT,
    @JsonProperty("auto-augment") AUTO_AUGMENT;

    /** Whether it works on the normalized float tensor (after every 8-bit image augmentation). */
    public boolean afterNormalization() {
      return this == RANDOM_ERASING;
    }
  }

  /**
   * One train-time augmentation.
   *
   * @param name random-resized-crop (size, scale, ratio), pad-crop (padding), horizontal-flip (p),
   *     random-erasing (p, scale, ratio, value), trivial-augment-wide (numMagnitudeBins,
   *     interpolation, fill), rand-augment (numOps, magnitude, numMagnitudeBins, interpolation,
   *     fill), auto-augment (policy, interpolation, fill); defaults are torchvision's
   * @param value random-erasing's fill of the normalized tensor: a number or one per channel
   *     (read as either, kept as a list of numbers)
   * @param interpolation nearest or bilinear, of the geometric ops of the auto-augment kinds
   * @param fill 0..255 outside the image after a geometric op of the auto-augment kinds: a number
   *     or one per channel; null: 0
   * @param policy auto-augment's policy: imagenet, cifar10 or svhn
   */
  public record AugmentSpec(
      AugmentKind name, Integer size, List<Double> scale, List<Double> ratio, Integer padding,
      Double p, Object value, Integer numOps, Integer magnitude, Integer numMagnitudeBins,
      String interpolation, Object fill, String policy) {
    public AugmentSpec {
      Check.require(name != null, "name is required (random-resized-crop, pad-crop, horizontal-flip,"
          + " random-erasing, trivial-augment-wide, rand-augment, auto-augment)");
      switch (name) {
        case RANDOM_RESIZED_CROP -> {
          Check.require(size != null && size > 0, "size is required for random-resized-crop");
          scale = scale == null ? List.of(0.08, 1.0) : List.copyOf(scale);
          ratio = ratio == null ? List.of(3.0 / 4, 4.0 / 3) : List.copyOf(ratio);
          Check.require(scale.size() == 2 && ratio.size() == 2, "scale and ratio are [min, max]");
        }
        case PAD_CROP -> {
          padding = padding == null ? 4 : padding;
          Check.nonNegative(padding, "padding");
        }
        case HORIZONTAL_FLIP -> {
          p = p == null ? 0.5 : p;
          Check.require(p >= 0 && p <= 1, "p must be in [0, 1]");
        }
        case RANDOM_ERASING -> {
          // torchvision's RandomErasing defaults
          p = p == null ? 0.5 : p;
          Check.require(p >= 0 && p <= 1, "p must be in [0, 1]");
          scale = scale == null ? List.of(0.02, 0.33) : List.copyOf(scale);
          ratio = ratio == null ? List.of(0.3, 3.3) : List.copyOf(ratio);
          Check.require(scale.size() == 2 && scale.get(0) <= scale.get(1)
              && scale.get(0) >= 0 && scale.get(1) <= 1, "scale must be [min, max] within [0, 1]");
          Check.require(ratio.size() == 2 && ratio.get(0) <= ratio.get(1) && ratio.get(0) > 0,
              "ratio must be [min, max] with 0 < min <= max");
          value = numbers(value == null ? 0.0 : value, "value");
        }
        case TRIVIAL_AUGMENT_WIDE, RAND_AUGMENT, AUTO_AUGMENT -> {
          interpolation = interpolation == null ? "nearest" : interpolation;
          Check.require(interpolation.equals("nearest") || interpolation.equals("bilinear"),
              "interpolation must be nearest or bilinear, got " + interpolation);
          if (fill != null) {
            List<Double> f = numbers(fill, "fill");
            fill = f;
            Check.require(f.stream().allMatch(x -> x >= 0 && x <= 255),
                "fill must be in [0, 255], got " + fill);
          }
          if (name == AugmentKind.AUTO_AUGMENT) {
            policy = policy == null ? "imagenet" : policy;
            Check.require(List.of("imagenet", "cifar10", "svhn").contains(policy),
                "policy must be imagenet, cifar10 or svhn, got " + policy);
          } else {
            numMagnitudeBins = numMagnitudeBins == null ? 31 : numMagnitudeBins;
            Check.require(numMagnitudeBins >= 2, "numMagnitudeBins must be >= 2, got "
                + numMagnitudeBins);
          }
          if (name == AugmentKind.RAND_AUGMENT) {
            numOps = numOps == null ? 2 : numOps;
            Check.nonNegative(numOps, "numOps");
            magnitude = magnitude == null ? 9 : magnitude;
            Check.require(magnitude >= 0 && magnitude < numMagnitudeBins,
                "magnitude must be in [0, numMagnitudeBins - 1], got " + magnitude);
          }
        }
        default -> throw new IllegalStateException();
      }
    }

    /** The spec of an earlier release (no random-erasing value). */
    public AugmentSpec(AugmentKind name, Integer size, List<Double> scale, List<Double> ratio,
        Integer padding, Double p) {
      this(name, size, scale, ratio, padding, p, null, null, null, null, null, null, null);
    }

    /** random-erasing's value, one number or one per channel. */
    @SuppressWarnings("unchecked")
    public List<Double> erasingValue() {
      return (List<Double>) value;
    }

    /** The auto-augment kinds' fill, one number or one per channel; null: none. */
    @SuppressWarnings("unchecked")
    public List<Double> fillList() {
      return (List<Double>) fill;
    }

    /** A number or a non-empty list of numbers as a list of doubles; named errors otherwise. */
    private static List<Double> numbers(Object v, String key) {
      if (v instanceof Number n) {
        return List.of(n.doubleValue());
      }
      Check.require(!"random".equals(v), key + ": 'random' (normal noise) is not supported;"
          + " give a number or one number per channel");
      Check.require(v instanceof List<?> l && !l.isEmpty()
          && l.stream().allMatch(x -> x instanceof Number),
          key + " must be a number or a list of numbers (one per channel), got " + v);
      return ((List<?>) v).stream().map(x -> ((Number) x).doubleValue()).toList();
    }
  }

  /**
   * Pretrained weights.
   *
   * @param path a run directory or checkpoint of this pipeline, or a safetensors or PyTorch .pth/.pt
   *     state-dict file (torchvision names)
   * @param sha256 expected SHA-256 of the weights file (optional; recorded either way)
   * @param replaceHead force a new classifier head even when the class counts match
   */
  public record PretrainedSpec(String path, String sha256, Boolean replaceHead) {
    public PretrainedSpec {
      Check.require(path != null, "path is required");
      replaceHead = replaceHead == null ? Boolean.FALSE : replaceHead;
    }
  }
}
