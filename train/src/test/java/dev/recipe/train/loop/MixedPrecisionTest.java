package dev.recipe.train.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import com.fasterxml.jackson.databind.JsonNode;
import dev.recipe.core.io.Json;
import dev.recipe.core.spec.TrainingSpec;
import dev.recipe.train.checkpoint.Checkpoints;
import dev.recipe.train.checkpoint.TrainState;
import dev.recipe.train.data.LabeledImages;
import dev.recipe.train.testing.Fixtures;
import dev.recipe.train.testing.TinyNets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * float16 training: float16 weight copies with float32 masters, dynamic loss scaling, the scaler's
 * state in every checkpoint, on a tiny BatchNorm model.
 */
class MixedPrecisionTest {
  static final String SPEC = TrainingLoopTest.SPEC + "precision: fp16\n";

  @TempDir Path tmp;

  final LabeledImages train = TinyNets.data(80, 10, 1, 3, 3);
  final LabeledImages val = TinyNets.data(24, 8, 1, 3, 4);

  private String run(TrainingSpec spec, Path dir, boolean resume, Long stopAfter) {
    try (Model m = TinyNets.model(1, 3, true, 5)) {
      Fixtures.loop(m, spec, train, val, dir)
          .optResume(resume).optStopAfterSteps(stopAfter).optCheckpointEverySteps(4)
          .build().run();
      return Fixtures.weightsSha(m);
    }
  }

  /**
   * float16 training runs, learns, checkpoints its loss scale, reruns bit-identically and resumes
   * exactly. (Session 3 saw two runs differ in about one test run of five; since then 35 runs on
   * this machine, reruns in one JVM, across JVMs and kills at five points, gave identical weights,
   * so the guarantee is asserted again: a failure here is a real regression to look at.)
   */
  @Test
  void fp16TrainsCheckpointsTheLossScaleAndResumes() throws Exception {
    TrainingSpec spec = Fixtures.spec(SPEC);
    assertEquals(TrainingSpec.Precision.FP16, spec.precision());
    String a = run(spec, tmp.resolve("a"), false, null);
    assertEquals(a, run(spec, tmp.resolve("a2"), false, null), "fp16 reruns are bit-identical");
    String fp32 = run(Fixtures.spec(TrainingLoopTest.SPEC), tmp.resolve("fp32"), false, null);
    assertNotEquals(fp32, a, "float16 arithmetic must really be used");

    Path crashed = tmp.resolve("crashed");
    run(spec, crashed, false, 14L);
    Path latest = new Checkpoints(crashed.resolve("checkpoints")).latest().orElseThrow();
    TrainState saved = Checkpoints.readState(latest);
    assertTrue(saved.lossScale() != null && saved.lossScale().scale() > 0, "checkpoint holds the loss scale");
    assertEquals(a, run(spec, crashed, true, null), "fp16 resumes exactly");
    List<String> resumed = Files.readAllLines(crashed.resolve("metrics/train.jsonl"));
    JsonNode end = Json.json().readTree(resumed.get(resumed.size() - 1));
    assertEquals(20, end.get("step").asInt(), "the resumed run reaches the last step");

    List<String> lines = Files.readAllLines(tmp.resolve("a/metrics/train.jsonl"));
    JsonNode last = Json.json().readTree(lines.get(lines.size() - 1));
    assertTrue(last.has("lossScale") && last.has("skippedSteps"), last.toString());
    assertTrue(Double.isFinite(last.get("valLoss").asDouble()), last.toString());
    assertTrue(last.get("loss").asDouble() < 2.0, "the tiny model learns in fp16: " + last);
  }

  @Test
  void emulatedDevicesResumeExactlyInFloat32AndFloat16() throws Exception {
    for (String precision : List.of("fp32", "fp16")) {
      TrainingSpec spec = Fixtures.spec(TrainingLoopTest.SPEC.replace("batchSize: 8", "batchSize: 4\ndevices: 2")
          + "precision: " + precision + "\n");
      String a = run(spec, tmp.resolve("d-" + precision), false, null);
      Path crashed = tmp.resolve("d-crashed-" + precision);
      run(spec, crashed, false, 14L);
      String resumed = run(spec, crashed, true, null);
      assertEquals(a, resumed, precision + ": replicas are re-copied on resume");
      List<String> lines = Files.readAllLines(crashed.resolve("metrics/train.jsonl"));
      assertEquals(20, Json.json().readTree(lines.get(lines.size() - 1)).get("step").asInt());
    }
  }
}
