package dev.recipe.train.schedule;

import dev.recipe.core.spec.TrainingSpec.ScheduleKind;
import dev.recipe.core.spec.TrainingSpec.ScheduleSpec;
import java.util.List;

/**
 * The learning rate at optimizer step {@code t} (0-based, counted over the whole run). Epoch-valued
 * spec entries are converted to steps with the run's steps per epoch, so the schedule advances
 * exactly once per optimizer step whatever the device count or accumulation.
 *
 * <ul>
 *   <li>Warmup (PyTorch {@code LinearLR}): for {@code t < W}, the lr is multiplied by
 *       {@code f0 + (1 - f0) * t / W} on top of the main schedule.
 *   <li>step / multistep ({@code StepLR}, {@code MultiStepLR}): {@code gamma^k}, k = decays passed;
 *       milestones are absolute epochs (epoch 30 means after 30 * stepsPerEpoch steps).
 *   <li>cosine ({@code CosineAnnealingLR} after warmup, as torchvision's reference script):
 *       {@code minLr + (lr - minLr) * (1 + cos(pi * (t - W) / (T - W))) / 2}, T = total steps.
 * </ul>
 *
 * With {@code perEpoch} the rate changes only at epoch boundaries: step t gets the rate of the
 * epoch's first step, {@code S * floor(t / S)} (S = steps per epoch), which is what torchvision's
 * reference gets by stepping its schedulers once per epoch.
 *
 * Stateless: the position is just the step counter, which checkpoints store.
 */
public final class LrSchedule {
  private final ScheduleKind kind;
  private final double baseLr;
  private final double minLr;
  private final double gamma;
  private final long warmupSteps;
  private final double warmupStart;
  private final long totalSteps;
  private final long stepSizeSteps;
  private final long[] milestoneSteps;
  private final long stepsPerEpoch;
  private final boolean perEpoch;

  private LrSchedule(ScheduleSpec spec, double baseLr, int epochs, long stepsPerEpoch) {
    if (stepsPerEpoch <= 0) {
      throw new IllegalArgumentException("stepsPerEpoch must be > 0");
    }
    this.kind = spec.name();
    this.baseLr = baseLr;
    this.minLr = spec.minLr();
    this.gamma = spec.gamma();
    this.warmupSteps = Math.round(spec.warmupEpochs() * stepsPerEpoch);
    this.warmupStart = spec.warmupStartFactor();
    this.totalSteps = epochs * stepsPerEpoch;
    this.stepSizeSteps = spec.stepSize() == null ? 0 : spec.stepSize() * stepsPerEpoch;
    List<Integer> ms = spec.milestones();
    this.milestoneSteps = ms.stream().mapToLong(m -> m * stepsPerEpoch).sorted().toArray();
    this.stepsPerEpoch = stepsPerEpoch;
    this.perEpoch = spec.perEpoch();
  }

  /** A schedule for a run of {@code epochs} epochs of {@code stepsPerEpoch} optimizer steps. */
  /** The schedule a training spec runs with: its schedule over its epochs, from its optimizer's lr. */
  public static LrSchedule of(dev.recipe.core.spec.TrainingSpec training, long stepsPerEpoch) {
    return of(training.schedule(), training.optimizer().lr(), training.epochs(), stepsPerEpoch);
  }

  public static LrSchedule of(ScheduleSpec spec, double baseLr, int epochs, long stepsPerEpoch) {
    return new LrSchedule(spec, baseLr, epochs, stepsPerEpoch);
  }

  public long warmupSteps() {
    return warmupSteps;
  }

  public long totalSteps() {
    return totalSteps;
  }

  /** The learning rate for optimizer step {@code t} (0-based). */
  public double lr(long step) {
    long t = perEpoch ? step - step % stepsPerEpoch : step;
    double lr = switch (kind) {
      case CONSTANT -> baseLr;
      case STEP -> baseLr * Math.pow(gamma, t / stepSizeSteps);
      case MULTISTEP -> baseLr * Math.pow(gamma, passed(t));
      case COSINE -> cosine(t);
    };
    if (t < warmupSteps) {
      lr *= warmupStart + (1 - warmupStart) * t / (double) warmupSteps;
    }
    return lr;
  }

  /**
   * The rule {@link #lr} computes, in words and formulas with this run's numbers, for the recipe:
   * enough to recompute every step's learning rate elsewhere.
   */
  public String formula() {
    StringBuilder sb = new StringBuilder("lr(t) for optimizer steps t = 0 .. T - 1, T = " + totalSteps
        + " (epochs x steps per epoch), base = " + baseLr + ": ");
    sb.append(switch (kind) {
      case CONSTANT -> "lr(t) = base";
      case STEP -> "lr(t) = base x " + gamma + "^floor(t / " + stepSizeSteps + ")";
      case MULTISTEP -> "lr(t) = base x " + gamma + "^k, k = how many of the steps "
          + java.util.Arrays.toString(milestoneSteps) + " are <= t";
      case COSINE -> "lr(t) = " + minLr + " + (base - " + minLr + ") x (1 + cos(pi x min(1, (t - W) / (T - W)))) / 2"
          + " for t >= W, and base before";
    });
    if (perEpoch) {
      sb.append("; evaluated once per epoch: every step t of an epoch uses lr(S x floor(t / S)), S = "
          + stepsPerEpoch + " steps per epoch");
    }
    if (warmupSteps > 0) {
      sb.append("; linear warmup: for t < W = " + warmupSteps + " (warmupEpochs x steps per epoch, rounded"
          + " to the nearest integer, halves up) the rate is multiplied by " + warmupStart + " + (1 - "
          + warmupStart + ") x t / W");
    } else {
      sb.append("; no warmup (W = 0)");
    }
    return sb.toString();
  }

  private int passed(long t) {
    int k = 0;
    for (long m : milestoneSteps) {
      if (t >= m) {
        k++;
      }
    }
    return k;
  }

  private double cosine(long t) {
    long span = totalSteps - warmupSteps;
    if (t < warmupSteps || span <= 0) {
      return baseLr;
    }
    double progress = Math.min(1.0, (t - warmupSteps) / (double) span);
    return minLr + (baseLr - minLr) * (1 + Math.cos(Math.PI * progress)) / 2;
  }
}
