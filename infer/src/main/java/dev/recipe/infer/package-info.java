/**
 * Inference for applications and the CLI: a {@link dev.recipe.infer.Classifier} loaded once from a
 * run directory, a model directory, a checkpoint (DJL + PyTorch) or an exported {@code .onnx} file
 * (ONNX Runtime only: {@link dev.recipe.infer.OnnxClassifier} and the types it uses import nothing
 * from DJL), predictions with class names and probabilities ({@link
 * dev.recipe.infer.ImagePredictions} for image files), the latency benchmark and the infer stage. Images go through data-prep's {@code Preprocessing}, the same code path evaluation uses.
 */
package dev.recipe.infer;
