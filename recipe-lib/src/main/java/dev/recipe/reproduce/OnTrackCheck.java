package dev.recipe.reproduce;

import dev.recipe.core.spec.ReproduceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares a new run's dynamics with the reference's, epoch by epoch, within the spec's tolerances:
 * relative difference of train and val loss, absolute difference of val top-1. The guideline's point
 * that dynamics give early feedback, made automatic.
 */
public final class OnTrackCheck {

  /** The judgement after one epoch. */
  public record Verdict(int epoch, boolean onTrack, Integer offTrackSince, List<String> deviations) {
    public String describe() {
      if (onTrack) {
        return "epoch " + epoch + ": on track";
      }
      return "epoch " + epoch + ": off track since epoch " + offTrackSince + " (" + String.join("; ", deviations) + ")";
    }
  }

  private final Map<Integer, EpochPoint> reference = new TreeMap<>();
  private final ReproduceSpec tolerances;
  private Integer offSince;

  public OnTrackCheck(List<EpochPoint> referenceEpochs, ReproduceSpec tolerances) {
    referenceEpochs.forEach(p -> reference.put(p.epoch(), p));
    this.tolerances = tolerances;
  }

  /** Judges the new run's epoch; once off track, it stays reported as off track since the first epoch. */
  public Verdict observe(EpochPoint now) {
    EpochPoint ref = reference.get(now.epoch());
    List<String> dev = new ArrayList<>();
    if (ref == null) {
      dev.add("the reference has no epoch " + now.epoch());
    } else {
      relative("train loss", ref.trainLoss(), now.trainLoss(), dev);
      relative("val loss", ref.valLoss(), now.valLoss(), dev);
      if (ref.valTop1() != null && now.valTop1() != null) {
        double d = now.valTop1() - ref.valTop1();
        if (Math.abs(d) > tolerances.accuracyTolerance()) {
          dev.add(String.format("val top-1 %.4f vs %.4f (%+.4f, tolerance %.4f)", now.valTop1(),
              ref.valTop1(), d, tolerances.accuracyTolerance()));
        }
      }
    }
    if (!dev.isEmpty() && offSince == null) {
      offSince = now.epoch();
    }
    return new Verdict(now.epoch(), dev.isEmpty() && offSince == null, offSince, dev);
  }

  private void relative(String what, Double ref, Double now, List<String> dev) {
    if (ref == null || now == null) {
      return;
    }
    if (!Double.isFinite(now)) {
      dev.add(what + " is " + now);
      return;
    }
    double rel = Math.abs(now - ref) / Math.max(Math.abs(ref), 1e-12);
    if (rel > tolerances.lossTolerance()) {
      dev.add(String.format("%s %.4f vs %.4f (%.1f%% off, tolerance %.1f%%)", what, now, ref,
          rel * 100, tolerances.lossTolerance() * 100));
    }
  }
}
