package dev.recipe.model;

import dev.recipe.core.io.Hashing;
import dev.recipe.data.Preprocessing;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Writes a model directory ({@code model.json} + {@code weights.safetensors}) holding a randomly
 * initialized ResNet (torchvision's initialization from a seed): what {@code recipe bench-infer}
 * times when no trained run of that architecture exists, and what tests use as a tiny model.
 */
public final class RandomModel {
  private RandomModel() {}

  /**
   * Writes the model directory and returns its descriptor.
   *
   * @param size square input size in pixels
   * @param mean per-channel normalization mean (length = input channels)
   * @param std per-channel normalization std
   */
  public static ModelDescriptor write(Path modelDir, ResNetConfig config, int size,
      List<Double> mean, List<Double> std, long seed) {
    return write(modelDir, config, ResNetInit.initialStateDict(config, seed), size, mean, std);
  }

  /** Writes a model directory with the given weights. */
  public static ModelDescriptor write(Path modelDir, ResNetConfig config, StateDict weights,
      int size, List<Double> mean, List<Double> std) {
    Path weightsFile = modelDir.resolve(ModelDescriptor.WEIGHTS_FILE);
    SafeTensors.write(weightsFile, weights);
    Preprocessing pre = new Preprocessing(null, null, Preprocessing.Interpolation.BILINEAR,
        mean.stream().mapToDouble(Double::doubleValue).toArray(),
        std.stream().mapToDouble(Double::doubleValue).toArray(), config.inputChannels());
    ModelDescriptor d = new ModelDescriptor(config, classNames(config.numClasses()), pre, size, size,
        ModelDescriptor.WEIGHTS_FILE, Hashing.sha256(weightsFile), null, null);
    d.write(modelDir);
    return d;
  }

  /** Class names {@code class0..classN-1}. */
  public static List<String> classNames(int n) {
    List<String> names = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      names.add("class" + i);
    }
    return Collections.unmodifiableList(names);
  }
}
