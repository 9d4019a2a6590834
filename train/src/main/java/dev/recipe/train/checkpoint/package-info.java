/**
 * Training checkpoints: weights (every block parameter, BatchNorm running statistics included),
 * optimizer momentum buffers, (for ResNets) {@code weights.safetensors} with torchvision names, schedule position, sampler position and running epoch sums, written
 * atomically as a directory (temporary name, then a rename), so a kill never leaves a checkpoint
 * that looks complete but is not.
 */
package dev.recipe.train.checkpoint;
