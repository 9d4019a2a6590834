/**
 * The optimizer whose state we own: SGD with momentum in PyTorch semantics, per-parameter
 * learning-rate multipliers, weight-decay exclusions and frozen parameters. DJL's own SGD folds the
 * learning rate into momentum, decays every parameter and cannot save its buffers (docs/train.md).
 */
package dev.recipe.train.optim;
