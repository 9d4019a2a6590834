package dev.recipe.core.progress;

import java.time.Duration;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress bars. On a terminal the bar redraws in place on stderr; without one (CI, pipes) it
 * becomes a log line every few seconds so logs stay readable.
 */
public final class Progress {
  private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

  private Progress() {}

  /** A progress bar for {@code total} units of {@code unit}; close it when done. */
  public static ProgressBar bar(String task, long total, String unit) {
    ProgressBarBuilder b = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .setUnit(" " + unit, 1)
        .showSpeed()
        .setStyle(ProgressBarStyle.ASCII);
    if (System.console() == null) {
      b.setConsumer(new DelegatingProgressBarConsumer(LOG::info, 100))
          .setUpdateIntervalMillis((int) Duration.ofSeconds(10).toMillis())
          .continuousUpdate();
    } else {
      b.setUpdateIntervalMillis(250);
    }
    return b.build();
  }
}
