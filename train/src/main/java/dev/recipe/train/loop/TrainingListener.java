package dev.recipe.train.loop;

import dev.recipe.core.record.DynamicsLine;
import dev.recipe.core.stage.EpochObserver;
import dev.recipe.train.checkpoint.TrainState.EpochSums;
import java.util.List;

/**
 * What runs around the training loop rather than in it (the dynamics log and progress bar,
 * checkpoints, the epoch observer of {@code reproduce}, test hooks), told after every optimizer
 * step and every epoch, in the style of DJL's {@code TrainingListener}. Listeners are called in
 * the order they were added; none of them changes what is trained.
 */
interface TrainingListener {
  /** After an optimizer step. */
  default void stepEnded(StepEnd step) {}

  /** After an epoch, with its line of the dynamics log; {@code STOP} ends training after it. */
  default EpochObserver.Decision epochEnded(DynamicsLine line) {
    return EpochObserver.Decision.CONTINUE;
  }

  /**
   * One finished optimizer step.
   *
   * @param epoch 0-based epoch
   * @param stepInEpoch 0-based index of the step in its epoch
   * @param globalStep optimizer steps done so far, this one included
   * @param sums the epoch's sums so far, this step included
   * @param history the epoch lines of the finished epochs
   */
  record StepEnd(int epoch, int stepInEpoch, long globalStep, double lr,
      DataParallelStep.StepStats stats, double dataSeconds, double computeSeconds, EpochSums sums,
      List<DynamicsLine> history) {}
}
