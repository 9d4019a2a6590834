package dev.recipe.train.loop;

import dev.recipe.core.record.DynamicsLine;
import dev.recipe.core.stage.EpochObserver;
import me.tongfei.progressbar.ProgressBar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code metrics/train.jsonl} (a step line every {@code logEvery} steps, an epoch line per
 * epoch), moves the progress bar and logs each epoch.
 */
final class DynamicsLogger implements TrainingListener {
  private static final Logger LOG = LoggerFactory.getLogger(DynamicsLogger.class);

  private final DynamicsLog log;
  private final ProgressBar bar;
  private final int logEvery;
  private final int epochs;
  private StepWindow window = new StepWindow();

  DynamicsLogger(DynamicsLog log, ProgressBar bar, int logEvery, int epochs) {
    this.log = log;
    this.bar = bar;
    this.logEvery = logEvery;
    this.epochs = epochs;
  }

  @Override
  public void stepEnded(StepEnd e) {
    window.add(e.stats(), e.dataSeconds(), e.computeSeconds());
    bar.step();
    bar.setExtraMessage(String.format(" epoch %d/%d loss %.4f %.0f img/s", e.epoch() + 1, epochs,
        e.stats().loss(), window.imagesPerSecond()));
    if (e.globalStep() % logEvery == 0) {
      log.write(window.line(e.epoch() + 1, e.globalStep(), e.lr()));
      window = new StepWindow();
    }
  }

  /** A new epoch starts a new step window (a partial window is not carried across epochs). */
  void epochStarted() {
    window = new StepWindow();
  }

  @Override
  public EpochObserver.Decision epochEnded(DynamicsLine line) {
    log.write(line);
    LOG.info("epoch {}/{}: loss {} train top-1 {} val loss {} val top-1 {} ({} s)", line.epoch(),
        epochs, fmt(line.loss()), fmt(line.trainTop1()), fmt(line.valLoss()), fmt(line.valTop1()),
        fmt(line.epochSeconds()));
    return EpochObserver.Decision.CONTINUE;
  }

  private static String fmt(Double v) {
    return v == null ? "null" : String.format("%.4f", v);
  }
}
