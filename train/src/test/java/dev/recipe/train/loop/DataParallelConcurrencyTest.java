package dev.recipe.train.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Model;
import dev.recipe.core.spec.TrainingSpec;
import dev.recipe.train.data.LabeledImages;
import dev.recipe.train.testing.Fixtures;
import dev.recipe.train.testing.TinyNets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Emulated devices really run at the same time: every shard of a step waits at a barrier that only
 * opens when all of the step's shards have started, which a serial loop could never pass (it would
 * time out). Each device is driven by its own thread, and the weights match the serial rule.
 */
class DataParallelConcurrencyTest {
  @TempDir Path tmp;

  @Test
  void shardsOfOneStepRunConcurrentlyOnTheirOwnThreads() throws Exception {
    TrainingSpec spec = Fixtures.spec("""
        epochs: 1
        batchSize: 4
        devices: 3
        maxStepsPerEpoch: 2
        optimizer: {lr: 0.2, momentum: 0.9}
        loaderThreads: 1
        """);
    LabeledImages data = TinyNets.data(48, 8, 1, 3, 1);
    CyclicBarrier allStarted = new CyclicBarrier(3);
    Set<String> threads = ConcurrentHashMap.newKeySet();
    try (Model m = TinyNets.model(1, 3, false, 11)) {
      Fixtures.loop(m, spec, data, null, tmp.resolve("run"))
          .optShardStarted(d -> {
            threads.add(d + ":" + Thread.currentThread().getName());
            try {
              allStarted.await(20, TimeUnit.SECONDS);
            } catch (Exception e) {
              throw new IllegalStateException("shard " + d + " ran alone: devices are serial", e);
            }
          })
          .build().run();
    }
    assertEquals(3, threads.size(), "one thread per device, the same each step: " + threads);
    assertEquals(3, threads.stream().map(t -> t.substring(t.indexOf(':') + 1)).distinct().count(), threads.toString());
  }
}
