/**
 * The training loop: the data-parallel optimizer step (devices x accumulation, mean gradient over
 * the global batch), label-smoothing loss, validation, dynamics log, NaN guard and checkpointing.
 */
package dev.recipe.train.loop;
