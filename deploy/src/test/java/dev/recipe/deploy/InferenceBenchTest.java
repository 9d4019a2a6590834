package dev.recipe.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class InferenceBenchTest {
  @Test
  void percentilesAreNearestRank() {
    double[] ms = new double[20];
    for (int i = 0; i < 20; i++) {
      ms[i] = 20 - i; // 20..1 ms, unsorted
    }
    InferenceBench.Row r = InferenceBench.summarize("djl", 4, false, ms, 5);
    assertEquals(10.0, r.p50Ms());
    assertEquals(18.0, r.p90Ms());
    assertEquals(20.0, r.p99Ms());
    assertEquals(10.5, r.meanMs());
    assertEquals(4 / 0.0105, r.imagesPerSecond(), 0.01);
  }
}
