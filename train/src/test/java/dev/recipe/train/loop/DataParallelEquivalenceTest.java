package dev.recipe.train.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import dev.recipe.core.spec.TrainingSpec;
import dev.recipe.train.data.LabeledImages;
import dev.recipe.train.testing.Fixtures;
import dev.recipe.train.testing.TinyNets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * k shards on k (emulated) devices, accumulation over k micro-batches, and one full batch make the
 * same update: the mean gradient over the global batch, one schedule step per optimizer step.
 */
class DataParallelEquivalenceTest {
  @TempDir Path tmp;

  private float[] train(String split, Path dir) {
    TrainingSpec spec = Fixtures.spec("""
        epochs: 1
        %s
        maxStepsPerEpoch: 3
        optimizer: {lr: 0.2, momentum: 0.9, weightDecay: 0.001}
        schedule: {name: cosine, warmupEpochs: 0.5}
        augment: [{name: pad-crop, padding: 1}, {name: horizontal-flip}]
        labelSmoothing: 0.1
        loaderThreads: 2
        """.formatted(split));
    LabeledImages data = TinyNets.data(96, 8, 1, 3, 1);
    try (Model m = TinyNets.model(1, 3, false, 11)) {
      TrainingLoop.Result r = Fixtures.loop(m, spec, data, null, dir).build().run();
      assertEquals(3, r.globalStep());
      return Fixtures.flat(m);
    }
  }

  @Test
  void shardsAccumulationAndFullBatchGiveTheSameWeights() {
    float[] full = train("batchSize: 16", tmp.resolve("full"));
    float[] shards = train("batchSize: 4\ndevices: 4", tmp.resolve("shards"));
    float[] accum = train("batchSize: 4\naccumulate: 4", tmp.resolve("accum"));
    float[] mixed = train("batchSize: 8\ndevices: 2\naccumulate: 1", tmp.resolve("mixed"));
    try (Model m = TinyNets.model(1, 3, false, 11)) {
      float[] init = Fixtures.flat(m);
      assertTrue(maxRelDiff(init, full) > 1e-3, "training must move the weights");
    }
    assertTrue(maxRelDiff(full, shards) < 1e-6, "shards vs full: " + maxRelDiff(full, shards));
    assertTrue(maxRelDiff(full, accum) < 1e-6, "accumulation vs full: " + maxRelDiff(full, accum));
    assertTrue(maxRelDiff(full, mixed) < 1e-6, "2 devices vs full: " + maxRelDiff(full, mixed));
  }

  /**
   * max |a - b| over elements, relative to max |a|: summing the same gradients in another order
   * differs only by float rounding (~1e-7 of the weights' scale).
   */
  static double maxRelDiff(float[] a, float[] b) {
    assertEquals(a.length, b.length);
    double worst = 0;
    double scale = 0;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - b[i]));
      scale = Math.max(scale, Math.abs(a[i]));
    }
    return worst / scale;
  }
}
