package dev.recipe.train.loop;

import dev.recipe.core.record.DynamicsLine;

/**
 * The window between two {@code step} lines of the dynamics log: sums of the steps it covers (a
 * float16 step skipped for overflow is counted apart, not averaged in) and their data/compute time.
 */
final class StepWindow {
  final long start = System.nanoTime();
  double lossSum;
  long correct;
  long samples;
  double data;
  double compute;

  long skipped;
  long processed;
  double lossScale = Double.NaN;

  void add(DataParallelStep.StepStats st, double dataSeconds, double computeSeconds) {
    if (st.skipped()) {
      skipped++;
    } else {
      lossSum += st.loss() * st.samples();
      correct += st.correct();
      samples += st.samples();
    }
    lossScale = st.lossScale();
    processed += st.samples();
    data += dataSeconds;
    compute += computeSeconds;
  }

  double imagesPerSecond() {
    double t = data + compute;
    return t > 0 ? processed / t : 0;
  }

  DynamicsLine line(int epoch, long step, double lr) {
    boolean scaled = skipped > 0 || lossScale != 1.0;
    return new DynamicsLine(DynamicsLine.Kind.STEP, epoch, step,
        samples == 0 ? null : lossSum / samples, lr,
        samples == 0 ? null : correct / (double) samples,
        scaled ? lossScale : null, scaled ? (Long) (long) skipped : null, null,
        null, null, null, null, null, null, imagesPerSecond(), data, compute, null);
  }
}
