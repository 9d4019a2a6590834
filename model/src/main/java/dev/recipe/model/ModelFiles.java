package dev.recipe.model;

import dev.recipe.core.io.Hashing;
import java.nio.file.Path;
import java.util.Map;

/** Writes a model directory: {@code weights.safetensors} first, then {@code model.json} naming its hash. */
public final class ModelFiles {
  private ModelFiles() {}

  /**
   * Writes the weights and the descriptor (both atomically; the descriptor last, so a directory with
   * a model.json always has complete weights) and returns the descriptor as written.
   *
   * @param modelDir the model directory (created when absent)
   * @param weights the state dict
   * @param descriptor everything but the weights file and hash, which are filled in here
   */
  public static ModelDescriptor write(Path modelDir, StateDict weights, ModelDescriptor descriptor) {
    StateDictCheck.check(descriptor.config(), weights, "the state dict to save");
    Path file = modelDir.resolve(ModelDescriptor.WEIGHTS_FILE);
    SafeTensors.write(file, weights, Map.of("format", "pt", "model", descriptor.config().displayName()));
    ModelDescriptor out = descriptor.withWeights(ModelDescriptor.WEIGHTS_FILE, Hashing.sha256(file));
    out.write(modelDir);
    return out;
  }
}
