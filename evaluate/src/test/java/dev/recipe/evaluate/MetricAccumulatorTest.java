package dev.recipe.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recipe.core.RecipeException;
import dev.recipe.core.spec.EvaluationSpec.Target;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MetricAccumulatorTest {

  private static final List<String> ABC = List.of("a", "b", "c");

  @Test
  void confusionMatrixTopKAndPerClassMatchHandComputedValues() {
    MetricAccumulator acc = new MetricAccumulator(3, List.of(1, 2));
    // label, logits -> predicted (top-1), rank of true class
    acc.add(0, new float[] {3, 1, 2}); // pred 0, rank 0
    acc.add(0, new float[] {1, 3, 2}); // pred 1, rank 2
    acc.add(1, new float[] {1, 3, 2}); // pred 1, rank 0
    acc.add(1, new float[] {2, 1, 3}); // pred 2, rank 2
    acc.add(2, new float[] {1, 2, 3}); // pred 2, rank 0
    acc.add(2, new float[] {3, 1, 2}); // pred 0, rank 1
    acc.add(2, new float[] {1, 3, 2}); // pred 1, rank 1
    Metrics m = acc.result(ABC);

    long[][] expected = {
        {1, 1, 0},
        {0, 1, 1},
        {1, 1, 1}};
    assertArrayEquals(expected, m.confusion());
    assertEquals(7, m.samples());
    assertEquals(3, m.topK().get(0).correct());
    assertEquals(3.0 / 7, m.topK().get(0).accuracy(), 0);
    assertEquals(5, m.topK().get(1).correct()); // ranks 0,0,0,1,1
    assertEquals(5.0 / 7, m.topK().get(1).accuracy(), 0);
    assertEquals(0.5, m.perClass().get(0).accuracy(), 0);
    assertEquals(0.5, m.perClass().get(1).accuracy(), 0);
    assertEquals(1.0 / 3, m.perClass().get(2).accuracy(), 0);
    assertEquals(3, m.perClass().get(2).samples());

    // Hand-computed loss: each row is a permutation of {1,2,3}, so logsumexp is the same for all.
    double lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
    double expectedLoss = ((lse - 3) + (lse - 1) + (lse - 3) + (lse - 1) + (lse - 3) + (lse - 2)
        + (lse - 2)) / 7;
    assertEquals(expectedLoss, m.loss(), 1e-12);
    assertEquals(Map.of("top1", 3.0 / 7, "top2", 5.0 / 7, "loss", m.loss(), "samples", 7.0),
        m.scalars());
  }

  @Test
  void tiesAreBrokenByLowestClassIndex() {
    // All logits equal: class 0 is predicted; class j ranks j-th.
    float[] flat = {0.5f, 0.5f, 0.5f, 0.5f};
    assertEquals(0, MetricAccumulator.argmax(flat));
    for (int j = 0; j < 4; j++) {
      assertEquals(j, MetricAccumulator.rankOf(flat, j));
    }
    MetricAccumulator acc = new MetricAccumulator(4, List.of(1, 2, 3, 4, 10));
    acc.add(2, flat);
    Metrics m = acc.result(List.of("a", "b", "c", "d"));
    assertEquals(List.of(0L, 0L, 1L, 1L, 1L), m.topK().stream().map(Metrics.TopK::correct).toList());
    assertEquals(1, m.confusion()[2][0]);
    // A tie with a higher index does not push the true class down.
    assertEquals(1, MetricAccumulator.rankOf(new float[] {9, 1, 1}, 1));
    assertEquals(2, MetricAccumulator.rankOf(new float[] {9, 1, 1}, 2));
  }

  @Test
  void nanLogitOfTrueClassIsWrongAtEveryK() {
    float[] z = {Float.NaN, 1, 2};
    assertEquals(3, MetricAccumulator.rankOf(z, 0));
    assertEquals(2, MetricAccumulator.argmax(z));
    assertEquals(2, MetricAccumulator.argmax(new float[] {Float.NaN, Float.NaN, 0}));
  }

  @Test
  void lossIsStableForLargeLogits() {
    double loss = MetricAccumulator.crossEntropy(new float[] {1000f, 0f}, 1);
    assertEquals(1000.0, loss, 1e-9);
    assertEquals(0.0, MetricAccumulator.crossEntropy(new float[] {1000f, 0f}, 0), 1e-12);
  }

  @Test
  void classWithoutSamplesHasNoAccuracy() {
    MetricAccumulator acc = new MetricAccumulator(3, List.of(1));
    acc.add(0, new float[] {1, 0, 0});
    assertNull(acc.result(ABC).perClass().get(2).accuracy());
  }

  @Test
  void resultDoesNotDependOnGroupingOfSamples() {
    Random r = new Random(7);
    int n = 200;
    float[][] logits = new float[n][10];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = r.nextInt(10);
      for (int j = 0; j < 10; j++) {
        logits[i][j] = (float) r.nextGaussian() * 3;
      }
    }
    Metrics first = null;
    for (int batch : new int[] {1, 7, 64, 200}) {
      MetricAccumulator acc = new MetricAccumulator(10, List.of(1, 5));
      for (int start = 0; start < n; start += batch) {
        for (int i = start; i < Math.min(n, start + batch); i++) {
          acc.add(labels[i], logits[i]);
        }
      }
      Metrics m = acc.result(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
      if (first == null) {
        first = m;
      } else {
        assertEquals(first.scalars(), m.scalars());
        assertArrayEquals(first.confusion(), m.confusion());
      }
    }
  }

  @Test
  void rejectsBadShapes() {
    MetricAccumulator acc = new MetricAccumulator(3, List.of(1));
    assertThrows(IllegalArgumentException.class, () -> acc.add(0, new float[2]));
    assertThrows(IllegalArgumentException.class, () -> acc.add(3, new float[3]));
    assertThrows(IllegalArgumentException.class, () -> new MetricAccumulator(3, List.of(0)));
  }

  @Test
  void targetsPassAndFail() {
    Map<String, Double> s = Map.of("top1", 0.9, "top5", 0.99, "loss", 0.3);
    List<TargetResult> r = TargetResult.check(List.of(
        new Target("top1", 0.85, null, null),
        new Target("top1", 0.95, null, null),
        new Target("loss", null, 0.31, 0.02),
        new Target("loss", null, 0.5, 0.1)), s);
    assertTrue(r.get(0).passed());
    assertFalse(r.get(1).passed());
    assertTrue(r.get(2).passed());
    assertFalse(r.get(3).passed());
    assertEquals(">= 0.85", r.get(0).requirement());
    assertEquals("0.31 +/- 0.02", r.get(2).requirement());
    assertFalse(TargetResult.check(new Target("top1", 0.1, null, null), Double.NaN).passed());
    RecipeException e = assertThrows(RecipeException.class,
        () -> TargetResult.check(List.of(new Target("top3", 0.5, null, null)), s));
    assertEquals(RecipeException.BAD_INPUT, e.exitCode());
    assertTrue(e.getMessage().contains("evaluation.targets[0].metric"), e.getMessage());
  }
}
