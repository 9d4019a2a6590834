package dev.recipe.train.loop;

import dev.recipe.core.RecipeException;

/** Training was stopped after an epoch by its observer (e.g. {@code recipe reproduce --stop-when-off-track}). */
public final class StoppedException extends RecipeException {
  private final int epoch;

  public StoppedException(int epoch) {
    super(CHECK_FAILED, "training stopped after epoch " + epoch
        + " by its observer; the checkpoint of that epoch is kept");
    this.epoch = epoch;
  }

  public int epoch() {
    return epoch;
  }
}
