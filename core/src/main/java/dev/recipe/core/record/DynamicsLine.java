package dev.recipe.core.record;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One line of {@code metrics/train.jsonl}: a step line every {@code logEvery} optimizer steps, or an
 * epoch line after every epoch. The training loop writes these, checkpoints keep the epoch lines,
 * and the recipe, its figures and {@code reproduce} read them back as this type. Keys are written
 * in alphabetical order; a field that does not apply is left out.
 *
 * @param epoch 1-based epoch
 * @param step the global optimizer step after the line's last step
 * @param loss mean training loss over the line's samples (label smoothing included)
 * @param lr the learning rate of the line's last step
 * @param trainTop1 fraction of the line's samples whose top logit is the label
 * @param lossScale fp16: the loss scale after the line's last step
 * @param skippedSteps fp16: steps skipped for overflow in the line
 * @param skippedStepsTotal fp16, epoch lines: steps skipped so far in the run
 * @param valLoss epoch lines with a validation split: plain cross-entropy in evaluation mode
 * @param valTop1 likewise, top-1
 * @param valTop5 likewise, top-5
 * @param valLossEma with training.ema: {@code valLoss} of the averaged weights
 * @param valTop1Ema likewise
 * @param valTop5Ema likewise
 * @param epochSeconds epoch lines: wall time of the epoch, validation included
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder(alphabetic = true)
public record DynamicsLine(
    Kind kind,
    int epoch,
    long step,
    Double loss,
    double lr,
    Double trainTop1,
    Double lossScale,
    Long skippedSteps,
    Long skippedStepsTotal,
    Double valLoss,
    Double valTop1,
    Double valTop5,
    Double valLossEma,
    Double valTop1Ema,
    Double valTop5Ema,
    double imagesPerSecond,
    double dataSeconds,
    double computeSeconds,
    Double epochSeconds) {

  /** Which kind of line. */
  public enum Kind {
    @JsonProperty("step") STEP,
    @JsonProperty("epoch") EPOCH
  }

}
