package dev.recipe.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recipe.core.spec.ReproduceSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnTrackCheckTest {
  final List<EpochPoint> reference = List.of(
      new EpochPoint(1, 1.00, 0.80, 0.70),
      new EpochPoint(2, 0.60, 0.50, 0.80),
      new EpochPoint(3, 0.40, 0.45, 0.85));
  final ReproduceSpec tol = new ReproduceSpec(0.05, 0.01, 0.005);

  @Test
  void identicalDynamicsStayOnTrack() {
    OnTrackCheck c = new OnTrackCheck(reference, tol);
    for (EpochPoint p : reference) {
      OnTrackCheck.Verdict v = c.observe(p);
      assertTrue(v.onTrack(), v.describe());
    }
  }

  @Test
  void smallNoiseWithinToleranceIsOnTrack() {
    OnTrackCheck c = new OnTrackCheck(reference, tol);
    assertTrue(c.observe(new EpochPoint(1, 1.04, 0.78, 0.705)).onTrack());
  }

  @Test
  void reportsTheFirstEpochThatDivergesAndKeepsIt() {
    OnTrackCheck c = new OnTrackCheck(reference, tol);
    assertTrue(c.observe(new EpochPoint(1, 1.01, 0.80, 0.70)).onTrack());
    OnTrackCheck.Verdict v2 = c.observe(new EpochPoint(2, 0.75, 0.50, 0.80));
    assertFalse(v2.onTrack());
    assertEquals(2, v2.offTrackSince());
    assertTrue(v2.describe().contains("train loss"), v2.describe());
    // back within tolerance later: still reported off track since epoch 2
    OnTrackCheck.Verdict v3 = c.observe(new EpochPoint(3, 0.40, 0.45, 0.85));
    assertFalse(v3.onTrack());
    assertEquals(2, v3.offTrackSince());
  }

  @Test
  void accuracyDropIsOffTrack() {
    OnTrackCheck c = new OnTrackCheck(reference, tol);
    OnTrackCheck.Verdict v = c.observe(new EpochPoint(1, 1.00, 0.80, 0.68));
    assertFalse(v.onTrack());
    assertTrue(v.describe().contains("val top-1"), v.describe());
  }

  @Test
  void nonFiniteLossAndMissingEpochAreOffTrack() {
    assertFalse(new OnTrackCheck(reference, tol).observe(new EpochPoint(1, Double.NaN, 0.8, 0.7)).onTrack());
    assertFalse(new OnTrackCheck(reference, tol).observe(new EpochPoint(4, 0.3, 0.4, 0.9)).onTrack());
  }
}
