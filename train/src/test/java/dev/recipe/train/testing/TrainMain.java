package dev.recipe.train.testing;

import ai.djl.Model;
import dev.recipe.core.io.AtomicFiles;
import dev.recipe.core.spec.TrainingSpec;
import dev.recipe.data.RasterImage;
import dev.recipe.train.data.LabeledImages;
import java.nio.file.Path;

/**
 * A short training run in its own JVM, so a test can kill it with SIGKILL: trains the tiny
 * BatchNorm model with step checkpoints and writes the final weights' SHA-256 to
 * {@code RUN/weights.sha256}. Arguments: RUN_DIR [--resume].
 */
public final class TrainMain {
  public static final String SPEC = """
      epochs: 3
      batchSize: 8
      optimizer: {lr: 0.1, momentum: 0.9, weightDecay: 0.0005}
      schedule: {name: step, stepSize: 1, gamma: 0.5}
      augment: [{name: random-resized-crop, size: 8}, {name: horizontal-flip}]
      logEvery: 2
      loaderThreads: 2
      """;

  private TrainMain() {}

  /** Trains (or resumes) in {@code dir}; returns the final weights' SHA-256. */
  public static String train(Path dir, boolean resume, long sampleDelayMillis) {
    TrainingSpec spec = Fixtures.spec(SPEC);
    LabeledImages data = slow(TinyNets.data(80, 10, 1, 3, 3), sampleDelayMillis);
    try (Model m = TinyNets.model(1, 3, true, 5)) {
      Fixtures.loop(m, spec, data, TinyNets.data(16, 8, 1, 3, 4), dir)
          .optResume(resume).optCheckpointEverySteps(3).build().run();
      String sha = Fixtures.weightsSha(m);
      AtomicFiles.writeString(dir.resolve("weights.sha256"), sha);
      return sha;
    }
  }

  /** The same images, each read taking {@code millis} (so a kill lands mid-run). */
  static LabeledImages slow(LabeledImages in, long millis) {
    return new LabeledImages() {
      @Override
      public int size() {
        return in.size();
      }

      @Override
      public int label(int index) {
        return in.label(index);
      }

      @Override
      public RasterImage image(int index) {
        try {
          Thread.sleep(millis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return in.image(index);
      }
    };
  }

  public static void main(String[] args) {
    train(Path.of(args[0]), args.length > 1 && args[1].equals("--resume"), 3);
  }
}
