package dev.recipe.train.checkpoint;

import dev.recipe.core.record.DynamicsLine;
import java.util.List;
import java.util.Map;

/**
 * Where a run stands, as saved in a checkpoint's {@code state.json}. All randomness derives from
 * (seed, epoch, sample index), so the random state is the seed plus this position.
 *
 * @param epoch 0-based epoch in progress (after a whole epoch: the next one, with stepInEpoch 0)
 * @param stepInEpoch optimizer steps of {@code epoch} already done (may equal stepsPerEpoch when the
 *     epoch's closing validation is still to run)
 * @param globalStep optimizer steps done in the run: the schedule position
 * @param stepsPerEpoch optimizer steps per epoch the run was started with
 * @param seed the run's seed
 * @param configSha256 SHA-256 of what decides the weights (model + training spec); resume refuses another
 * @param epochSums running sums of the epoch in progress: lossSum, correct, samples
 * @param history one entry per finished epoch (the epoch lines of the dynamics log)
 * @param lossScale the float16 loss scaler's state (null in float32)
 * @param fileSha256 SHA-256 of every other file of the checkpoint, by file name (written by
 *     {@link Checkpoints#write}; resume refuses a checkpoint whose files do not match)
 */
public record TrainState(
    int epoch,
    int stepInEpoch,
    long globalStep,
    int stepsPerEpoch,
    long seed,
    String configSha256,
    EpochSums epochSums,
    List<DynamicsLine> history,
    LossScale lossScale,
    Map<String, String> fileSha256) {

  public TrainState {
    epochSums = epochSums == null ? EpochSums.ZERO : epochSums;
    history = history == null ? List.of() : List.copyOf(history);
  }

  /** A state without loss scaling (float32 training). */
  public TrainState(int epoch, int stepInEpoch, long globalStep, int stepsPerEpoch, long seed,
      String configSha256, EpochSums epochSums, List<DynamicsLine> history) {
    this(epoch, stepInEpoch, globalStep, stepsPerEpoch, seed, configSha256, epochSums, history, null, null);
  }

  /** This state with the loss scaler's. */
  public TrainState withLossScale(LossScale s) {
    return new TrainState(epoch, stepInEpoch, globalStep, stepsPerEpoch, seed, configSha256,
        epochSums, history, s, fileSha256);
  }

  /** This state with the hashes of the checkpoint's files. */
  public TrainState withFiles(Map<String, String> files) {
    return new TrainState(epoch, stepInEpoch, globalStep, stepsPerEpoch, seed, configSha256,
        epochSums, history, lossScale, files == null ? null : Map.copyOf(files));
  }

  /**
   * Dynamic loss scaling of float16 training.
   *
   * @param scale the current loss scale
   * @param goodSteps finite steps since the scale last changed
   * @param skippedSteps steps skipped so far because their gradients overflowed
   */
  public record LossScale(double scale, int goodSteps, long skippedSteps) {}

  /** Running sums of the epoch in progress, so a resumed epoch reports the same means. */
  public record EpochSums(double lossSum, long correct, long samples) {
    public static final EpochSums ZERO = new EpochSums(0, 0, 0);

    public EpochSums add(double loss, long right, long n) {
      return new EpochSums(lossSum + loss * n, correct + right, samples + n);
    }
  }
}
