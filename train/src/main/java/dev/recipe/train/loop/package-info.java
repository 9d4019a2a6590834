/**
 * The training loop: the data-parallel optimizer step (devices x accumulation, mean gradient over
 * the global batch; one thread per device, persistent per-device weight copies, a fixed-order
 * gradient reduction), float32 or float16 arithmetic with float32 master weights and dynamic loss
 * scaling, label-smoothing loss, validation and the NaN guard; the dynamics log, progress,
 * checkpoints and hooks are {@link dev.recipe.train.loop.TrainingListener}s around the loop.
 */
package dev.recipe.train.loop;
