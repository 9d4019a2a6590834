package dev.recipe.train.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import com.fasterxml.jackson.databind.JsonNode;
import dev.recipe.core.RecipeException;
import dev.recipe.core.io.Json;
import dev.recipe.core.spec.TrainingSpec;
import dev.recipe.train.checkpoint.Checkpoints;
import dev.recipe.train.data.LabeledImages;
import dev.recipe.train.testing.Fixtures;
import dev.recipe.train.testing.TinyNets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Determinism, crash and resume, divergence and the dynamics log, on a tiny BatchNorm model. */
class TrainingLoopTest {
  static final String SPEC = """
      epochs: 2
      batchSize: 8
      optimizer: {lr: 0.1, momentum: 0.9, weightDecay: 0.0005, nesterov: true, noDecayOnNormAndBias: true}
      schedule: {name: multistep, milestones: [1], warmupEpochs: 0.5}
      augment: [{name: random-resized-crop, size: 8, scale: [0.5, 1.0]}, {name: horizontal-flip}]
      labelSmoothing: 0.1
      logEvery: 3
      loaderThreads: 3
      """;

  @TempDir Path tmp;

  final LabeledImages train = TinyNets.data(80, 10, 1, 3, 3);
  final LabeledImages val = TinyNets.data(24, 8, 1, 3, 4);

  private String run(TrainingSpec spec, Path dir, boolean resume, Long stopAfter, Integer every) {
    try (Model m = TinyNets.model(1, 3, true, 5)) {
      TrainingLoop.Result r = Fixtures.loop(m, spec, train, val, dir)
          .optResume(resume).optStopAfterSteps(stopAfter).optCheckpointEverySteps(every)
          .build().run();
      assertEquals(stopAfter != null, r.stopped());
      return Fixtures.weightsSha(m);
    }
  }

  @Test
  void sameSpecSameWeightsAndKillResumeIsBitIdentical() throws Exception {
    TrainingSpec spec = Fixtures.spec(SPEC);
    String a = run(spec, tmp.resolve("a"), false, null, null);
    String b = run(spec, tmp.resolve("b"), false, null, null);
    assertEquals(a, b, "two runs of one spec must give identical weights");
    // One loader thread instead of three: same batches, same weights.
    String oneThread = run(Fixtures.spec(SPEC.replace("loaderThreads: 3", "loaderThreads: 1")),
        tmp.resolve("c"), false, null, null);
    assertEquals(a, oneThread);

    // 10 steps per epoch; checkpoints every 4 steps; "crash" after step 14 (mid-epoch 2, after
    // the step-12 checkpoint, with no checkpoint for steps 13-14), then resume.
    Path crashed = tmp.resolve("crashed");
    String atCrash = run(spec, crashed, false, 14L, 4);
    assertNotEquals(a, atCrash);
    Path latest = new Checkpoints(crashed.resolve("checkpoints")).latest().orElseThrow();
    assertEquals("step-00000012", latest.getFileName().toString());
    String resumed = run(spec, crashed, true, null, 4);
    assertEquals(a, resumed, "kill + resume must give the uninterrupted run's weights");

    // The dynamics log of the resumed run equals the uninterrupted one's, timings aside.
    assertEquals(stripTimes(tmp.resolve("a/metrics/train.jsonl")),
        stripTimes(crashed.resolve("metrics/train.jsonl")));
  }

  @Test
  void aDamagedCheckpointIsRefusedUnlessAskedToFallBack() throws Exception {
    TrainingSpec spec = Fixtures.spec(SPEC);
    String a = run(spec, tmp.resolve("ref"), false, null, null);
    Path crashed = tmp.resolve("flipped");
    run(spec, crashed, false, 14L, 4);
    Checkpoints cps = new Checkpoints(crashed.resolve("checkpoints"));
    Path newest = cps.newestFirst().get(0);
    assertEquals("step-00000012", newest.getFileName().toString());
    // one flipped byte in the newest checkpoint's parameters
    Path params = newest.resolve("parameters.ndlist");
    byte[] bytes = Files.readAllBytes(params);
    bytes[bytes.length - 3] ^= 0x01;
    Files.write(params, bytes);
    assertTrue(Checkpoints.damage(newest).get(0).startsWith("parameters.ndlist has SHA-256"));

    RecipeException e = assertThrows(RecipeException.class, () -> run(spec, crashed, true, null, 4));
    assertEquals(RecipeException.BAD_INPUT, e.exitCode());
    assertTrue(e.getMessage().contains(newest.toString()) && e.getMessage().contains("--resume-intact"),
        e.getMessage());
    assertEquals(List.of(), Checkpoints.damage(newest).stream().filter(p -> !p.startsWith("parameters")).toList(),
        "nothing else was touched");

    // asked to: continues from the newest intact checkpoint and still ends bit-identical
    try (Model m = TinyNets.model(1, 3, true, 5)) {
      TrainingLoop.Result r = Fixtures.loop(m, spec, train, val, crashed)
          .optResume(true).optResumeIntact(true).optCheckpointEverySteps(4).build().run();
      assertTrue(r.resumedFrom().endsWith("epoch-001"), r.resumedFrom());
      assertEquals(a, Fixtures.weightsSha(m));
    }
  }

  @Test
  void dynamicsLogHasStepAndEpochLines() throws Exception {
    run(Fixtures.spec(SPEC), tmp.resolve("log"), false, null, null);
    List<String> lines = Files.readAllLines(tmp.resolve("log/metrics/train.jsonl"));
    long steps = lines.stream().filter(l -> l.contains("\"kind\":\"step\"")).count();
    long epochs = lines.stream().filter(l -> l.contains("\"kind\":\"epoch\"")).count();
    assertEquals(6, steps); // 20 steps, every 3
    assertEquals(2, epochs);
    JsonNode last = Json.json().readTree(lines.get(lines.size() - 1));
    for (String f : List.of("epoch", "step", "loss", "lr", "trainTop1", "valLoss", "valTop1",
        "valTop5", "imagesPerSecond", "dataSeconds", "computeSeconds", "epochSeconds")) {
      assertTrue(last.has(f), "epoch line lacks " + f);
    }
    assertEquals(20, last.get("step").asInt());
    assertTrue(last.get("valTop5").asDouble() >= last.get("valTop1").asDouble());
    assertTrue(Files.isDirectory(tmp.resolve("log/checkpoints/epoch-002")));
  }

  @Test
  void nonFiniteLossStopsNamingTheStepAndKeepsTheLastCheckpoint() {
    TrainingSpec spec = Fixtures.spec(SPEC.replace("lr: 0.1", "lr: 1.0e+30")
        .replace("epochs: 2", "epochs: 3").replace("warmupEpochs: 0.5", "warmupEpochs: 0"));
    Path dir = tmp.resolve("nan");
    DivergedException e = assertThrows(DivergedException.class,
        () -> run(spec, dir, false, null, 5));
    assertEquals(RecipeException.CHECK_FAILED, e.exitCode());
    assertTrue(e.getMessage().contains("step " + e.step()), e.getMessage());
    assertTrue(e.step() > 1);
    // Nothing was checkpointed at or after the failing step; the last good checkpoint remains.
    new Checkpoints(dir.resolve("checkpoints")).latest().ifPresent(p ->
        assertTrue(Checkpoints.readState(p).globalStep() < e.step(), p.toString()));
  }

  static String stripTimes(Path jsonl) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (String line : Files.readAllLines(jsonl)) {
      var n = (com.fasterxml.jackson.databind.node.ObjectNode) Json.json().readTree(line);
      n.remove(List.of("imagesPerSecond", "dataSeconds", "computeSeconds", "epochSeconds"));
      sb.append(n).append('\n');
    }
    return sb.toString();
  }
}
