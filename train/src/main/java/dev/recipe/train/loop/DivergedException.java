package dev.recipe.train.loop;

import dev.recipe.core.RecipeException;

/**
 * The loss became NaN or infinite. Exit code 1 ({@link RecipeException#CHECK_FAILED}): the run is
 * not usable, the inputs were fine. No update was applied for the failing step and no checkpoint
 * was written after it, so the last good checkpoint stays the latest.
 */
public final class DivergedException extends RecipeException {
  private final long step;

  public DivergedException(long step, int epoch, double loss, String lastCheckpoint) {
    super(CHECK_FAILED, "training diverged: loss is " + loss + " at optimizer step " + step
        + " (epoch " + epoch + "); stopped without updating. Last good checkpoint: "
        + (lastCheckpoint == null ? "none" : lastCheckpoint)
        + ". Try a lower learning rate or a longer warmup.");
    this.step = step;
  }

  /** The 1-based optimizer step whose loss was not finite. */
  public long step() {
    return step;
  }
}
