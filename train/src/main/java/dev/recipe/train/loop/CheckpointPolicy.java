package dev.recipe.train.loop;

import dev.recipe.core.record.DynamicsLine;
import dev.recipe.train.checkpoint.TrainState;
import java.util.List;
import java.util.function.Consumer;

/**
 * When the loop writes a checkpoint: every {@code everySteps} optimizer steps inside an epoch (not
 * at an epoch's last step, which the epoch's own checkpoint covers), and after every
 * {@code everyEpochs}-th epoch, the last epoch and an epoch after which training is stopped.
 */
final class CheckpointPolicy implements TrainingListener {
  private final Integer everySteps;
  private final int everyEpochs;
  private final int stepsPerEpoch;
  private final long seed;
  private final String configSha256;
  private final Consumer<TrainState> save;

  CheckpointPolicy(Integer everySteps, int everyEpochs, int stepsPerEpoch, long seed,
      String configSha256, Consumer<TrainState> save) {
    this.everySteps = everySteps;
    this.everyEpochs = everyEpochs;
    this.stepsPerEpoch = stepsPerEpoch;
    this.seed = seed;
    this.configSha256 = configSha256;
    this.save = save;
  }

  @Override
  public void stepEnded(StepEnd e) {
    if (everySteps != null && e.globalStep() % everySteps == 0 && e.stepInEpoch() + 1 < stepsPerEpoch) {
      save.accept(new TrainState(e.epoch(), e.stepInEpoch() + 1, e.globalStep(), stepsPerEpoch, seed,
          configSha256, e.sums(), e.history()));
    }
  }

  /** After epoch {@code epochsDone} (1-based) and its line. */
  void epochEnded(int epochsDone, long globalStep, List<DynamicsLine> history, boolean last, boolean stopping) {
    if (epochsDone % everyEpochs == 0 || last || stopping) {
      save.accept(new TrainState(epochsDone, 0, globalStep, stepsPerEpoch, seed, configSha256, null, history));
    }
  }
}
