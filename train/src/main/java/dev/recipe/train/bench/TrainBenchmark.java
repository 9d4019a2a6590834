package dev.recipe.train.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import dev.recipe.core.RecipeException;
import dev.recipe.core.io.AtomicFiles;
import dev.recipe.core.io.Json;
import dev.recipe.core.prov.EnvironmentInfo;
import dev.recipe.core.spec.TrainingSpec.MemoryFormat;
import dev.recipe.core.spec.TrainingSpec.OptimizerSpec;
import dev.recipe.core.spec.TrainingSpec.Precision;
import dev.recipe.core.spec.TrainingSpec;
import dev.recipe.model.ResNetConfig;
import dev.recipe.train.data.HostBatch;
import dev.recipe.train.loop.DataParallelStep;
import dev.recipe.train.loop.Devices;
import dev.recipe.train.model.ResNetBlock;
import dev.recipe.train.model.ResNets;
import dev.recipe.train.optim.ParamSlot;
import dev.recipe.train.optim.ParamSlots;
import dev.recipe.train.optim.SgdOptimizer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training throughput of one ResNet configuration on DJL's PyTorch engine, timed on the training
 * stage's own {@link DataParallelStep} after warm-up: a fixed synthetic host batch copied to a
 * tensor, forward, softmax cross-entropy, backward, loss and top-1 count read back at the end of
 * the step, and our momentum-SGD update (lr 0.01, momentum 0.9, no weight decay: what {@code
 * scripts/bench_train_pytorch.py} runs in eager PyTorch). Reading the loss back also synchronizes.
 */
public final class TrainBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(TrainBenchmark.class);

  /**
   * What to measure.
   *
   * @param config the architecture
   * @param imageSize square input size in pixels
   * @param batch images per step
   * @param steps timed steps
   * @param warmup untimed steps first
   * @param threads intra-op threads the engine was asked for
   * @param interopThreads inter-op threads the engine was asked for
   * @param seed weights and synthetic data seed
   * @param profile when not null, a PyTorch profiler trace of the timed steps (Chrome trace JSON,
   *     with input shapes) is written here; profiling slows the steps it records
   * @param precision arithmetic of the step (bf16 is refused, as in training)
   * @param memoryFormat layout of the input and activations
   * @param devices shards per step, each on its own (emulated, on the CPU) device and thread; the
   *     batch is the global batch and must divide by it
   */
  public record Options(
      ResNetConfig config, int imageSize, int batch, int steps, int warmup, int threads,
      int interopThreads, long seed, Path profile, Precision precision, MemoryFormat memoryFormat,
      int devices) {
    public Options {
      if (imageSize < 8 || batch < 1 || steps < 1 || warmup < 0 || threads < 1 || interopThreads < 1
          || devices < 1) {
        throw RecipeException.badInput(
            "bench train: image size >= 8, batch, steps, threads, devices >= 1, warmup >= 0");
      }
      if (batch % devices != 0) {
        throw RecipeException.badInput("bench train: --batch " + batch + " does not split into "
            + devices + " equal shards (--devices)");
      }
      if (precision == Precision.BF16) {
        throw RecipeException.badInput("bench train --precision: " + TrainingSpec.BF16_UNAVAILABLE);
      }
    }
  }

  /**
   * The measurement.
   *
   * @param imagesPerSecond batch * steps / total timed seconds
   * @param stepSecondsMedian median step time
   * @param stepSeconds every timed step
   */
  public record Result(
      String framework, Options options, String architecture, long parameters, double imagesPerSecond,
      double totalSeconds, double stepSecondsMedian, double stepSecondsMin, double stepSecondsMax,
      List<Double> stepSeconds, double firstLoss, double lastLoss, int skippedSteps, Scaling scaling,
      Phases phases, Map<String, Object> environment) {

    /** The console summary: throughput, then the phases and the scaling when measured. */
    public String summary() {
      Options o = options;
      StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
          "%s batch %d %dx%d %s %s: %.1f images/s (median step %.3f s, %d steps after %d warm-up, %d threads)%n",
          architecture, o.batch(), o.imageSize(), o.imageSize(), Json.json().convertValue(o.precision(), String.class),
          Json.json().convertValue(o.memoryFormat(), String.class), imagesPerSecond, stepSecondsMedian,
          o.steps(), o.warmup(), o.threads()));
      if (phases != null) {
        b.append(String.format(Locale.ROOT, "  median per step: forward %.1f ms, backward %.1f ms, reduce + update %.1f ms%n",
            1e3 * phases.forwardSeconds(), 1e3 * phases.backwardSeconds(), 1e3 * phases.updateSeconds()));
      }
      if (scaling != null) {
        b.append(String.format(Locale.ROOT, "  %d devices: %.1f images/s against %.1f on one device: speed-up %.2fx, scaling efficiency %.0f%%%n",
            o.devices(), imagesPerSecond, scaling.oneDeviceImagesPerSecond(), scaling.speedup(),
            100 * scaling.efficiency()));
      }
      return b.toString();
    }
  }

  /**
   * Medians over the timed steps of device 0's forward (with the loss) and backward, and of the
   * reduction + update + copy-back, in seconds: where a step's time goes (CPU: kernels run
   * synchronously, so wall-clock phases are exact).
   */
  public record Phases(double forwardSeconds, double backwardSeconds, double updateSeconds) {}

  /**
   * Weak scaling of a multi-device run against one device with one shard's batch.
   *
   * @param devices devices of the main measurement
   * @param oneDeviceImagesPerSecond one device, batch / devices per step, measured right after
   * @param speedup images/s of the devices over images/s of one device
   * @param efficiency speedup / devices (1 = perfect)
   */
  public record Scaling(int devices, double oneDeviceImagesPerSecond, double speedup, double efficiency) {}

  /** torch.optim.SGD(lr=0.01, momentum=0.9), as the PyTorch twin script. */
  private static final OptimizerSpec OPTIMIZER = new OptimizerSpec("sgd", 0.01, 0.9, false, 0.0, false);

  private TrainBenchmark() {}

  /**
   * Sets the engine thread properties; must run before the first {@link Engine} call of the JVM
   * (DJL reads them once); {@link #run} applies the intra-op count directly if it was too late.
   */
  public static void configureThreads(int threads, int interopThreads) {
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(interopThreads));
  }

  public static Result run(Options o) {
    if (o.profile() != null) {
      // fail before the measurement, not after it
      try {
        Files.createDirectories(o.profile().toAbsolutePath().getParent());
      } catch (IOException e) {
        throw RecipeException.badInput("bench train: cannot write the profile " + o.profile() + ": " + e);
      }
    }
    Engine engine = Engine.getEngine("PyTorch");
    if (JniUtils.getNumThreads() != o.threads()) {
      // Properties were read before we set them (engine already up): apply directly.
      JniUtils.setNumThreads(o.threads());
    }
    ResNetConfig c = o.config();
    double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    Timed main = measure(o, o.devices(), o.batch(), o.profile());
    Scaling scaling = null;
    if (o.devices() > 1) {
      // weak scaling: one device with one shard's batch, same steps, same JVM, right after
      Timed one = measure(o, 1, o.batch() / o.devices(), null);
      double ips1 = one.imagesPerSecond(o.batch() / o.devices());
      double speedup = main.imagesPerSecond(o.batch()) / ips1;
      scaling = new Scaling(o.devices(), ips1, speedup, speedup / o.devices());
    }
    List<Double> times = main.times();
    double total = times.stream().mapToDouble(Double::doubleValue).sum();
    double[] sorted = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    Map<String, Object> env = environment(engine);
    env.put("loadAverageBefore", loadBefore);
    env.put("loadAverageAfter", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    return new Result("djl", o, c.displayName(), c.parameterCount(), o.batch() * (double) o.steps() / total,
        total, median(sorted), sorted[0], sorted[sorted.length - 1], times, main.firstLoss(),
        main.lastLoss(), main.skippedSteps(), scaling, main.phases(), env);
  }

  /** Timed steps of one configuration. */
  private record Timed(List<Double> times, double firstLoss, double lastLoss, int skippedSteps, Phases phases) {
    double imagesPerSecond(int batch) {
      return batch * times.size() / times.stream().mapToDouble(Double::doubleValue).sum();
    }
  }

  private static Timed measure(Options o, int deviceCount, int batchSize, Path profile) {
    ResNetConfig c = o.config();
    List<Double> times = new ArrayList<>();
    double firstLoss = Double.NaN;
    double lastLoss = Double.NaN;
    int skipped = 0;
    List<double[]> phaseTimes = new ArrayList<>();
    Device[] devices = Devices.forShards(deviceCount);
    try (Model model = ResNets.newModel(c, o.seed(), devices[0])) {
      HostBatch batch = syntheticBatch(c, o.imageSize(), batchSize, o.seed());
      ResNetBlock block = ResNets.block(model);
      List<Pair<String, Parameter>> named = new ArrayList<>();
      ResNets.namedParameters(block).forEach((k, v) -> named.add(new Pair<>(k, v)));
      List<ParamSlot> slots = ParamSlots.of(named, OPTIMIZER, List.of(), null, 1.0);
      NDManager manager = model.getNDManager();
      // the training stage's own step: host batch to tensor, forward, cross-entropy, backward,
      // loss and top-1 read back at the end of the step, our SGD update and gradient zeroing
      try (SgdOptimizer optimizer = new SgdOptimizer(manager, slots, OPTIMIZER.momentum(), OPTIMIZER.nesterov());
          DataParallelStep step = DataParallelStep.builder()
              .setModel(manager, block, optimizer)
              .setDevices(devices)
              .optMemoryFormat(o.memoryFormat())
              .optPrecision(o.precision())
              .optPhaseListener((f, b, u) -> phaseTimes.add(new double[] {f, b, u}))
              .build()) {
        for (int i = 0; i < o.warmup() + o.steps(); i++) {
          if (i == o.warmup() && profile != null) {
            JniUtils.startProfile(false, true, false);
          }
          long t0 = System.nanoTime();
          DataParallelStep.StepStats st = step.run(batch, OPTIMIZER.lr());
          double s = (System.nanoTime() - t0) / 1e9;
          double l = st.loss();
          if (i == 0) {
            firstLoss = l;
          }
          lastLoss = l;
          if (i >= o.warmup()) {
            times.add(s);
            skipped += st.skipped() ? 1 : 0;
          }
          LOG.info("{} device(s): step {} {} {}s loss {}{}", deviceCount, i, i < o.warmup() ? "(warm-up)" : "",
              String.format("%.3f", s), l, st.skipped() ? " (skipped: float16 overflow)" : "");
        }
        if (profile != null) {
          writeProfile(profile);
        }
      }
    }
    List<double[]> timed = phaseTimes.subList(Math.min(o.warmup(), phaseTimes.size()), phaseTimes.size());
    Phases phases = timed.isEmpty() ? null : new Phases(medianOf(timed, 0), medianOf(timed, 1), medianOf(timed, 2));
    return new Timed(times, firstLoss, lastLoss, skipped, phases);
  }

  private static double medianOf(List<double[]> rows, int column) {
    return median(rows.stream().mapToDouble(r -> r[column]).sorted().toArray());
  }

  /** A fixed batch of standard-normal pixels and uniform labels from {@code seed}. */
  private static HostBatch syntheticBatch(ResNetConfig c, int imageSize, int batchSize, long seed) {
    Random r = new Random(seed);
    int pixelsPerImage = c.inputChannels() * imageSize * imageSize;
    float[] pixels = new float[batchSize * pixelsPerImage];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) r.nextGaussian();
    }
    int[] labels = new int[batchSize];
    int[] indices = new int[batchSize];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = r.nextInt(c.numClasses());
      indices[i] = i;
    }
    return new HostBatch(pixels, labels, indices, c.inputChannels(), imageSize, imageSize);
  }

  /** Stops the profiler into a temporary file next to {@code target}, then moves it into place. */
  private static void writeProfile(Path target) {
    Path tmp = target.toAbsolutePath().resolveSibling(target.getFileName() + ".tmp");
    try {
      JniUtils.stopProfile(tmp.toString());
      AtomicFiles.move(tmp, target);
      LOG.info("profiler trace of the timed steps: {}", target);
    } catch (IOException e) {
      throw RecipeException.badInput("bench train: cannot write the profile " + target + ": " + e.getMessage());
    }
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** Hardware and software the figure depends on. */
  static Map<String, Object> environment(Engine engine) {
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("djlVersion", Engine.getDjlVersion());
    env.put("engine", engine.getEngineName() + " " + engine.getVersion());
    env.put("intraOpThreads", JniUtils.getNumThreads());
    env.put("interOpThreads", JniUtils.getNumInteropThreads());
    env.put("javaVersion", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    env.put("jvmArgs", ManagementFactory.getRuntimeMXBean().getInputArguments());
    env.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
    env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    env.put("availableProcessors", Runtime.getRuntime().availableProcessors());
    env.put("gpuCount", engine.getGpuCount());
    env.put("cpuModel", cpuModel());
    // libgomp and glibc malloc read these at load time: they decide how threads wait and whether
    // freed tensors go back to the kernel (see docs/benchmarks.md)
    Map<String, String> ompEnv = new LinkedHashMap<>();
    for (String k : EnvironmentInfo.THREAD_ENVIRONMENT) {
      if (System.getenv(k) != null) {
        ompEnv.put(k, System.getenv(k));
      }
    }
    env.put("ompEnvironment", ompEnv);
    return env;
  }

  static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
          .findFirst().orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

}
