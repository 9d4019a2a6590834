/**
 * The train stage: reads the processed dataset and the spec, builds the ResNet, trains it with the
 * loop of {@code dev.recipe.train.loop} and writes the model directory, checkpoints, the dynamics
 * log and {@code stages/train.json}.
 */
package dev.recipe.train;
