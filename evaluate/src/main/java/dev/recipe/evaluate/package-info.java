/**
 * Evaluation of a trained classifier on a split of the processed dataset: top-k accuracies,
 * per-class accuracy, confusion matrix, mean cross-entropy loss, and the check of the spec's targets.
 * The metric math ({@link dev.recipe.evaluate.MetricAccumulator}) is independent of DJL and of the
 * batch size; {@link dev.recipe.evaluate.EvaluateStage} is the pipeline stage.
 */
package dev.recipe.evaluate;
