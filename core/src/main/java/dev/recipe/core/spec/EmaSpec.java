package dev.recipe.core.spec;

/**
 * torchvision's {@code --model-ema}: after every {@code steps}-th optimizer step of an epoch (the
 * epoch's step index i with i % steps == 0, counted from 0) the average becomes
 * {@code d x average + (1 - d) x weights} over every parameter and BatchNorm statistic, where
 * {@code d = 1 - min(1, (1 - decay) x globalBatch x steps / epochs)} (torchvision's adjustment);
 * the first update copies, and during the warmup epochs every update copies.
 *
 * @param decay the decay before the adjustment (torchvision's {@code --model-ema-decay})
 * @param steps optimizer steps between updates ({@code --model-ema-steps})
 * @param replaceModel evaluate and export the average in place of the raw weights (both are
 *     evaluated either way)
 */
public record EmaSpec(Double decay, Integer steps, Boolean replaceModel) {
  public EmaSpec {
    decay = decay == null ? 0.99998 : decay;
    Check.require(decay > 0 && decay < 1, "ema.decay must be in (0, 1)");
    steps = steps == null ? 32 : steps;
    Check.positive(steps, "ema.steps");
    replaceModel = replaceModel == null ? Boolean.TRUE : replaceModel;
  }

  /** The per-update decay after torchvision's adjustment for batch, steps and epochs. */
  public double adjustedDecay(int globalBatch, int epochs) {
    double alpha = Math.min(1.0, (1.0 - decay) * ((double) globalBatch * steps / epochs));
    return 1.0 - alpha;
  }
}
