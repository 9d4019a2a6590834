package dev.recipe.train.loop;

import dev.recipe.train.checkpoint.TrainState.LossScale;

/**
 * Dynamic loss scaling for float16 training, with {@code torch.cuda.amp.GradScaler}'s defaults: the
 * loss is multiplied by {@code scale} before backward so small gradients survive float16; a step
 * whose unscaled gradients are not all finite is skipped and the scale halved; after
 * {@value #GROWTH_INTERVAL} good steps in a row the scale doubles. Its state is part of every
 * checkpoint, so a resumed run scales exactly as an uninterrupted one.
 */
final class LossScaler {
  static final double INIT_SCALE = 65536.0;
  static final double GROWTH_FACTOR = 2.0;
  static final double BACKOFF_FACTOR = 0.5;
  static final int GROWTH_INTERVAL = 2000;

  private double scale = INIT_SCALE;
  private int goodSteps;
  private long skippedSteps;

  double scale() {
    return scale;
  }

  long skippedSteps() {
    return skippedSteps;
  }

  /** Records the outcome of one step: {@code finite} false means it was skipped. */
  void update(boolean finite) {
    if (finite) {
      goodSteps++;
      if (goodSteps == GROWTH_INTERVAL) {
        scale *= GROWTH_FACTOR;
        goodSteps = 0;
      }
    } else {
      scale *= BACKOFF_FACTOR;
      goodSteps = 0;
      skippedSteps++;
    }
  }

  LossScale state() {
    return new LossScale(scale, goodSteps, skippedSteps);
  }

  void restore(LossScale s) {
    if (s != null) {
      scale = s.scale();
      goodSteps = s.goodSteps();
      skippedSteps = s.skippedSteps();
    }
  }
}
