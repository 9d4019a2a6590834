package dev.recipe.train.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.recipe.core.io.Json;
import dev.recipe.core.spec.TrainingSpec.ScheduleSpec;
import org.junit.jupiter.api.Test;

/** Schedules against the PyTorch formulas, per optimizer step. */
class LrScheduleTest {
  private static ScheduleSpec spec(String yaml) throws Exception {
    return Json.yaml().readValue(yaml, ScheduleSpec.class);
  }

  @Test
  void stepAndMultistepDecayAtEpochBoundaries() throws Exception {
    LrSchedule step = LrSchedule.of(spec("{name: step, stepSize: 30, gamma: 0.1}"), 0.1, 90, 100);
    assertEquals(0.1, step.lr(0), 1e-15);
    assertEquals(0.1, step.lr(2999), 1e-15);
    assertEquals(0.01, step.lr(3000), 1e-15);
    assertEquals(0.001, step.lr(6000), 1e-15);
    assertEquals(9000, step.totalSteps());
    LrSchedule multi = LrSchedule.of(spec("{name: multistep, milestones: [2, 5], gamma: 0.5}"), 1, 6, 10);
    assertEquals(1, multi.lr(19), 0);
    assertEquals(0.5, multi.lr(20), 0);
    assertEquals(0.25, multi.lr(50), 0);
  }

  @Test
  void linearWarmupThenCosineLikeTorchvision() throws Exception {
    LrSchedule s = LrSchedule.of(
        spec("{name: cosine, warmupEpochs: 1, warmupStartFactor: 0.1, minLr: 0.0}"), 0.4, 5, 10);
    assertEquals(10, s.warmupSteps());
    assertEquals(0.04, s.lr(0), 1e-12);                       // LinearLR start factor
    assertEquals(0.4 * (0.1 + 0.9 * 5 / 10.0), s.lr(5), 1e-12);
    assertEquals(0.4, s.lr(10), 1e-12);                       // cosine starts after warmup
    assertEquals(0.2, s.lr(30), 1e-12);                       // half way through 40 steps
    assertEquals(0.4 * (1 + Math.cos(Math.PI * 39 / 40)) / 2, s.lr(49), 1e-12);
  }

  @Test
  void constantWithFractionalWarmup() throws Exception {
    LrSchedule s = LrSchedule.of(spec("{name: constant, warmupEpochs: 0.5}"), 0.2, 1, 8);
    assertEquals(4, s.warmupSteps());
    assertEquals(0.2 * 0.01, s.lr(0), 1e-15);
    assertEquals(0.2, s.lr(4), 0);
  }

  @Test
  void theFormulaStatesThisRunsNumbers() throws Exception {
    LrSchedule s = LrSchedule.of(
        spec("{name: cosine, warmupEpochs: 0.25, warmupStartFactor: 0.1, minLr: 0.0}"), 0.4, 3, 10);
    String f = s.formula();
    // 0.25 x 10 = 2.5 rounds half up to 3
    assertEquals(3, s.warmupSteps());
    org.junit.jupiter.api.Assertions.assertTrue(f.contains("T = 30") && f.contains("W = 3")
        && f.contains("base = 0.4") && f.contains("0.1 + (1 - 0.1) x t / W"), f);
    org.junit.jupiter.api.Assertions.assertTrue(
        LrSchedule.of(spec("{name: multistep, milestones: [1, 2], gamma: 0.1}"), 0.1, 3, 10).formula()
            .contains("[10, 20]"));
  }

  /** torchvision's warmup + cosine, stepped once per epoch, computed by PyTorch (golden file). */
  @Test
  void perEpochMatchesTorchvisionsSequentialLr() {
    for (com.fasterxml.jackson.databind.JsonNode c : dev.recipe.train.testing.Golden.training().get("schedule")) {
      ScheduleSpec spec = new ScheduleSpec(dev.recipe.core.spec.TrainingSpec.ScheduleKind.COSINE, null,
          null, null, c.get("warmupEpochs").asDouble(), c.get("warmupDecay").asDouble(),
          c.get("minLr").asDouble(), true);
      int perEpoch = 7;
      LrSchedule s = LrSchedule.of(spec, c.get("lr").asDouble(), c.get("epochs").asInt(), perEpoch);
      for (int e = 0; e < c.get("epochs").asInt(); e++) {
        double expected = c.get("lrPerEpoch").get(e).asDouble();
        for (int k = 0; k < perEpoch; k++) {
          assertEquals(expected, s.lr((long) e * perEpoch + k), 1e-12 * Math.max(1, expected),
              "epoch " + e + " step " + k);
        }
      }
    }
  }
}
