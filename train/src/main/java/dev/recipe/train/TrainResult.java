package dev.recipe.train;

import dev.recipe.core.io.ListDigest;
import dev.recipe.core.record.DynamicsLine;
import dev.recipe.core.record.StageResult;
import dev.recipe.core.spec.TrainingSpec;
import dev.recipe.model.ResNetConfig;
import java.util.List;
import java.util.Map;

/** What the train stage did, as its stage record stores it ({@code stages/train.json}). */
public record TrainResult(TrainResult.Params params, TrainResult.Metrics metrics,
    TrainResult.Details details) implements StageResult {

  /**
   * @param training the spec's training section
   * @param model the resolved architecture (channels and classes from the data)
   * @param devices the devices the per-device parts ran on
   * @param devicesEmulated true when several devices were emulated on the CPU
   * @param threads intra-op, inter-op and loader threads
   * @param dropLast the last partial batch of an epoch is dropped (always)
   */
  public record Params(TrainingSpec training, ResNetConfig model, long seed, int globalBatch,
      int stepsPerEpoch, long totalSteps, long warmupSteps, List<String> devices,
      boolean devicesEmulated, Map<String, String> threads, Integer checkpointEverySteps,
      boolean dropLast) {}

  /**
   * Null fields: a run that stopped or diverged has only {@code parameters} and the field saying
   * where it stopped.
   *
   * @param weightsSha256 SHA-256 of the model's weights file
   * @param last the last epoch line's main figures
   * @param best the epoch line with the highest validation top-1 (the last one without validation)
   * @param imagesPerSecond training images per second of this invocation (wall time)
   * @param stoppedAfterEpoch set when an epoch observer (reproduce) stopped the run
   * @param divergedAtStep set when the loss became non-finite
   */
  public record Metrics(long parameters, String weightsSha256, Integer epochs, Long steps,
      EpochSummary last, EpochSummary best, Double finalValTop1, Double finalTrainLoss,
      Double imagesPerSecond, Double trainSeconds, Double dataSeconds, Double computeSeconds,
      Integer stoppedAfterEpoch, Long divergedAtStep) {

    Metrics stopped(Integer afterEpoch, Long divergedAt) {
      return new Metrics(parameters, null, null, null, null, null, null, null, null, null, null,
          null, afterEpoch, divergedAt);
    }
  }

  /** An epoch line's main figures. */
  public record EpochSummary(Integer epoch, Long step, Double loss, Double trainTop1, Double valLoss,
      Double valTop1, Double valTop5) {
    static EpochSummary of(DynamicsLine l) {
      return l == null ? new EpochSummary(null, null, null, null, null, null, null)
          : new EpochSummary(l.epoch(), l.step(), l.loss(), l.trainTop1(), l.valLoss(), l.valTop1(), l.valTop5());
    }
  }

  /**
   * With training.ema: which weights are the model and where the other ones are.
   *
   * @param model "ema" or "raw"
   * @param decayPerUpdate the decay each update applies, after torchvision's adjustment
   * @param other the other weights' model directory, relative to the run
   */
  public record WeightAverage(String model, double decayPerUpdate, String other, String otherWeightsSha256) {}

  /**
   * Texts and check values for the recipe; each is written by the code that implements it.
   *
   * @param epoch1Order the check value of the order epoch 1 visits the stored train positions
   * @param noWeightDecay trainable parameters trained without weight decay
   * @param resumedFrom the checkpoint this invocation continued from
   * @param lastCheckpoint the latest checkpoint's directory name
   */
  public record Details(String dataFingerprint, String initialWeights,
      List<dev.recipe.model.ArchitectureText.Part> architecture,
      String optimizerUpdate, String lrFormula, Map<String, String> metricDefinitions,
      boolean headReplaced, String pretrainedSha256, long trainableParameters, long frozenParameters,
      List<String> noWeightDecay, String batchNorm, String randomness, String shuffleAlgorithm,
      ListDigest.Check epoch1Order, WeightAverage weightAverage, String resumedFrom,
      String lastCheckpoint) {

    Details finished(WeightAverage average, String resumedFrom, String lastCheckpoint) {
      return new Details(dataFingerprint, initialWeights, architecture, optimizerUpdate, lrFormula,
          metricDefinitions, headReplaced, pretrainedSha256, trainableParameters, frozenParameters,
          noWeightDecay, batchNorm, randomness, shuffleAlgorithm, epoch1Order, average, resumedFrom,
          lastCheckpoint);
    }
  }
}
