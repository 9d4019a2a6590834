package dev.recipe.report;

import dev.recipe.core.spec.EmaSpec;
import dev.recipe.core.spec.TrainingSpec;
import dev.recipe.train.TrainResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The recipe's sentences for the regularization that torchvision's current recipes add (mixup,
 * cutmix, the weight average), from the recorded training section and train record.
 */
final class RegularizationText {
  private RegularizationText() {}

  /** Mixup and cutmix as torchvision's reference applies them, or none. */
  static String mixing(TrainingSpec t) {
    double mixup = t.mixupAlpha() == null ? 0 : t.mixupAlpha();
    double cutmix = t.cutmixAlpha() == null ? 0 : t.cutmixAlpha();
    if (mixup <= 0 && cutmix <= 0) {
      return "none";
    }
    List<String> on = new ArrayList<>();
    if (mixup > 0) {
      on.add("mixup with alpha " + Values.num(mixup));
    }
    if (cutmix > 0) {
      on.add("cutmix with alpha " + Values.num(cutmix));
    }
    return String.join(" and ", on) + (on.size() == 2 ? ", one of the two per micro-batch, chosen uniformly" : "")
        + ". torchvision's `RandomMixup` / `RandomCutmix` with p 1, applied to each device's micro-batch"
        + " of batchSize images after the per-image transforms: image i is paired with image i - 1 of"
        + " the micro-batch (image 0 with the last), lambda ~ Beta(alpha, alpha); mixup blends images"
        + " and one-hot targets by lambda; cutmix pastes from the paired image a box centred at a"
        + " uniform pixel (rx, ry) with half-sides int(0.5 sqrt(1 - lambda) W) and int(0.5 sqrt(1 -"
        + " lambda) H), clipped to the image, then sets lambda to the uncovered fraction of the area."
        + " The loss is the cross-entropy against the mixed targets (with label smoothing applied to"
        + " them); train top-1 counts the class with the largest target weight. " + Markdown.text(
            dev.recipe.train.data.BatchMix.BETA_ALGORITHM);
  }

  /** The weight average as torchvision's --model-ema runs it, or none. */
  static String ema(TrainingSpec t, TrainResult train) {
    EmaSpec ema = t.ema();
    if (ema == null) {
      return "none";
    }
    TrainResult.WeightAverage rec = train == null ? null : train.details().weightAverage();
    return "torchvision's `--model-ema` with decay " + Values.cell(ema.decay()) + " and "
        + Values.cell(ema.steps()) + " steps: after each optimizer step whose index i in its"
        + " epoch (from 0) has i mod steps = 0, every weight and BatchNorm running statistic becomes"
        + " d x average + (1 - d) x current in float32, with d = 1 - min(1, (1 - decay) x global batch"
        + " x steps / epochs)" + (rec != null ? " = " + Values.num(rec.decayPerUpdate()) : "")
        + "; the first update copies, and so does every update during the warmup epochs. "
        + (!Boolean.FALSE.equals(ema.replaceModel())
            ? "The average is the model (evaluated, exported); the raw weights are evaluated too."
            : "The raw weights are the model; the average is evaluated too.")
        + " Validation reports both every epoch (val top-1 (EMA) below).";
  }
}
