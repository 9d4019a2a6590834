/**
 * Inference with either runtime: {@link dev.recipe.infer.Classifiers} opens a run directory, a model
 * directory, a checkpoint (DJL + PyTorch, {@link dev.recipe.infer.DjlClassifier}) or an exported
 * {@code .onnx} file (ONNX Runtime, from {@code dev.recipe.deploy}); predictions for image files
 * ({@link dev.recipe.infer.ImagePredictions}), the latency report of both runtimes ({@link
 * dev.recipe.infer.BackendBench}) and the infer stage. Images go through data-prep's
 * {@code Preprocessing}, the same code path evaluation uses.
 */
package dev.recipe.infer;
