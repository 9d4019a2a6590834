package dev.recipe.train.optim;

import ai.djl.nn.Parameter;

/**
 * One trainable tensor as the optimizer sees it.
 *
 * @param name stable name (torchvision's state-dict key for ResNets), used for buffers in checkpoints
 * @param parameter the DJL parameter whose array is updated in place
 * @param lrMultiplier multiplies the scheduled learning rate (the head may have its own)
 * @param weightDecay L2 coefficient for this tensor (0 for excluded BatchNorm/bias tensors)
 * @param frozen frozen tensors get no gradient and no update
 */
public record ParamSlot(
    String name, Parameter parameter, double lrMultiplier, double weightDecay, boolean frozen) {}
