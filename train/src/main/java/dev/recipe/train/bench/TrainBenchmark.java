package dev.recipe.train.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.recipe.core.RecipeException;
import dev.recipe.core.prov.EnvironmentInfo;
import dev.recipe.train.model.ResNetConfig;
import dev.recipe.train.model.ResNets;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training throughput of one ResNet configuration on DJL's PyTorch engine: a fixed synthetic batch,
 * then per step forward, softmax cross-entropy, backward and a momentum-SGD update (DJL's
 * optimizer), timed after warm-up. Each step's temporaries live in a sub-manager closed at the end
 * of the step (no NDArray churn across steps); the loss is read back each step, which also
 * synchronizes.
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
   */
  public record Options(
      ResNetConfig config, int imageSize, int batch, int steps, int warmup, int threads,
      int interopThreads, long seed) {
    public Options {
      if (imageSize < 8 || batch < 1 || steps < 1 || warmup < 0 || threads < 1 || interopThreads < 1) {
        throw RecipeException.badInput("bench train: image size >= 8, batch, steps, threads >= 1, warmup >= 0");
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
      List<Double> stepSeconds, double firstLoss, double lastLoss, Map<String, Object> environment) {}

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
    Engine engine = Engine.getEngine("PyTorch");
    if (JniUtils.getNumThreads() != o.threads()) {
      // Properties were read before we set them (engine already up): apply directly.
      JniUtils.setNumThreads(o.threads());
    }
    ResNetConfig c = o.config();
    double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    List<Double> times = new ArrayList<>();
    double firstLoss = Double.NaN;
    double lastLoss = Double.NaN;
    try (Model model = ResNets.newModel(c, o.seed());
        NDManager data = NDManager.newBaseManager(model.getNDManager().getDevice(), "PyTorch")) {
      Random r = new Random(o.seed());
      Shape shape = new Shape(o.batch(), c.inputChannels(), o.imageSize(), o.imageSize());
      float[] pixels = new float[Math.toIntExact(shape.size())];
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = (float) r.nextGaussian();
      }
      float[] labelValues = new float[o.batch()];
      for (int i = 0; i < labelValues.length; i++) {
        labelValues[i] = r.nextInt(c.numClasses());
      }
      NDArray x = data.create(pixels, shape);
      NDArray y = data.create(labelValues);
      Loss loss = Loss.softmaxCrossEntropyLoss();
      DefaultTrainingConfig tc = new DefaultTrainingConfig(loss)
          .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.01f)).optMomentum(0.9f).build());
      try (Trainer trainer = model.newTrainer(tc)) {
        trainer.initialize(shape); // parameters already hold their values; this only attaches gradients
        for (int step = 0; step < o.warmup() + o.steps(); step++) {
          long t0 = System.nanoTime();
          double l;
          try (NDManager sub = data.newSubManager()) {
            x.tempAttach(sub);
            y.tempAttach(sub);
            try (GradientCollector gc = trainer.newGradientCollector()) {
              NDArray out = trainer.forward(new NDList(x)).singletonOrThrow();
              NDArray lv = loss.evaluate(new NDList(y), new NDList(out));
              gc.backward(lv);
              l = lv.getFloat();
            }
            trainer.step();
          }
          double s = (System.nanoTime() - t0) / 1e9;
          if (step == 0) {
            firstLoss = l;
          }
          lastLoss = l;
          if (step >= o.warmup()) {
            times.add(s);
          }
          LOG.info("step {} {} {}s loss {}", step, step < o.warmup() ? "(warm-up)" : "", String.format("%.3f", s), l);
        }
      }
    }
    double total = times.stream().mapToDouble(Double::doubleValue).sum();
    double[] sorted = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    Map<String, Object> env = environment(engine);
    env.put("loadAverageBefore", loadBefore);
    env.put("loadAverageAfter", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    return new Result("djl", o, c.displayName(), c.parameterCount(), o.batch() * (double) o.steps() / total,
        total, median(sorted), sorted[0], sorted[sorted.length - 1], times, firstLoss, lastLoss, env);
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
    env.put("cpuModel", cpuModel());
    // libgomp and glibc malloc read these at load time: they decide how threads wait and whether
    // freed tensors go back to the kernel (see README)
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
