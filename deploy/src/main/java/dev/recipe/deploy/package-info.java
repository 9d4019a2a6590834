/**
 * Deployment without DJL: the {@link dev.recipe.deploy.Classifier} API with its predictions, ONNX
 * Runtime's implementation ({@link dev.recipe.deploy.OnnxClassifier}) fed by the recorded evaluation
 * preprocessing, where a run's model files are ({@link dev.recipe.deploy.ModelLocation}), and the
 * latency measurement ({@link dev.recipe.deploy.InferenceBench}). Maven's enforcer keeps DJL and the
 * training stack out of this module; {@code OnnxWithoutDjlTest} runs it with no DJL on the class
 * path.
 */
package dev.recipe.deploy;
