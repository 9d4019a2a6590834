package dev.recipe.infer.djl;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import dev.recipe.model.ModelDescriptor;
import dev.recipe.model.SafeTensors;
import dev.recipe.train.model.ResNets;
import java.nio.file.Path;
import java.util.Map;

/**
 * DJL's hook for models whose network is Java code: given the model directory DJL's loader was
 * pointed at ({@code RUN/model}: {@code model.json} and {@code weights.safetensors}), builds the
 * ResNet the descriptor describes, in the loading model's memory, holding the trained weights
 * (their SHA-256 checked against the descriptor). The loader is told {@code hasParameter=false}, so
 * it does not look for DJL's own parameter files.
 */
public final class RecipeBlockFactory implements BlockFactory {
  private static final long serialVersionUID = 1L;

  @Override
  public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) {
    ModelDescriptor d = ModelDescriptor.read(modelPath);
    Path weights = modelPath.resolve(d.weightsFile());
    String sha = dev.recipe.core.io.Hashing.sha256(weights);
    if (d.weightsSha256() != null && !d.weightsSha256().equals(sha)) {
      throw new IllegalArgumentException(weights + " has SHA-256 " + sha + " but model.json records " + d.weightsSha256());
    }
    return ResNets.blockWithWeights(d.config(), SafeTensors.read(weights), model.getNDManager(), weights.toString());
  }
}
