package dev.recipe.train.loop;

import java.util.LinkedHashMap;
import java.util.Map;

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

  Map<String, Object> line(int epoch, long step, double lr) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", "step");
    m.put("epoch", epoch);
    m.put("step", step);
    m.put("loss", samples == 0 ? null : lossSum / samples);
    m.put("lr", lr);
    m.put("trainTop1", samples == 0 ? null : correct / (double) samples);
    if (skipped > 0 || lossScale != 1.0) {
      m.put("lossScale", lossScale);
      m.put("skippedSteps", skipped);
    }
    m.put("imagesPerSecond", imagesPerSecond());
    m.put("dataSeconds", data);
    m.put("computeSeconds", compute);
    return m;
  }
}
