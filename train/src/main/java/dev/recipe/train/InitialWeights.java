package dev.recipe.train;

import dev.recipe.core.RecipeException;
import dev.recipe.core.io.Hashing;
import dev.recipe.core.spec.TrainingSpec.PretrainedSpec;
import dev.recipe.train.model.ModelDescriptor;
import dev.recipe.train.model.ResNetConfig;
import dev.recipe.train.model.ResNetInit;
import dev.recipe.train.model.ResNets;
import dev.recipe.train.model.SafeTensors;
import dev.recipe.train.model.StateDict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The weights training starts from: a fresh initialization from the seed, or
 * {@code training.pretrained} (a run directory of this pipeline, a model directory, or a
 * safetensors file with torchvision names). When the pretrained head does not fit the class count
 * (or {@code replaceHead}), {@code fc.weight} and {@code fc.bias} come from the fresh
 * initialization instead, and the record says so. Anything else that does not fit is a bad-input
 * error listing the missing, unexpected and mismatched keys.
 *
 * @param weights the state dict to load (every key of the config)
 * @param source what was loaded (path), or "initialization"
 * @param sha256 SHA-256 of the pretrained weights file, or null
 * @param headReplaced whether the head was re-initialized
 * @param note one line for logs and the record
 */
public record InitialWeights(
    StateDict weights, String source, String sha256, boolean headReplaced, String note) {

  static final String HEAD = "fc";

  /** Resolves the spec's pretrained weights (or the seed's initialization) for {@code config}. */
  public static InitialWeights of(PretrainedSpec spec, ResNetConfig config, long seed) {
    StateDict fresh = ResNetInit.initialStateDict(config, seed);
    if (spec == null) {
      return new InitialWeights(fresh, "initialization", null, false,
          "initialized from seed " + seed);
    }
    Path file = weightsFile(Path.of(spec.path()));
    String sha = Hashing.sha256(file);
    if (spec.sha256() != null && !spec.sha256().equalsIgnoreCase(sha)) {
      throw RecipeException.badInput("training.pretrained.sha256: " + file + " has SHA-256 " + sha
          + ", the spec expects " + spec.sha256());
    }
    StateDict loaded = SafeTensors.read(file);
    StateDict.Tensor fcWeight = loaded.get(HEAD + ".weight");
    long classes = fcWeight == null ? -1 : fcWeight.shape()[0];
    boolean replace = spec.replaceHead() || classes != config.numClasses();
    StateDict weights = loaded;
    String note = "loaded " + file + " (SHA-256 " + sha + ")";
    if (replace) {
      Map<String, StateDict.Tensor> merged = new LinkedHashMap<>();
      loaded.tensors().forEach((k, v) -> {
        if (!isHead(k)) {
          merged.put(k, v);
        }
      });
      fresh.tensors().forEach((k, v) -> {
        if (isHead(k)) {
          merged.put(k, v);
        }
      });
      weights = new StateDict(merged);
      note += spec.replaceHead()
          ? "; head replaced as asked (replaceHead), re-initialized for " + config.numClasses() + " classes"
          : "; head replaced: the pretrained head has " + classes + " outputs, this run needs "
              + config.numClasses() + " (fc.weight and fc.bias re-initialized from seed " + seed + ")";
    }
    try {
      ResNets.checkKeys(config, weights, file.toString());
    } catch (RecipeException e) {
      throw RecipeException.badInput("training.pretrained: " + e.getMessage(), e);
    }
    return new InitialWeights(weights, file.toString(), sha, replace, note);
  }

  static boolean isHead(String key) {
    return key.startsWith(HEAD + ".");
  }

  /** The weights file a pretrained path names: a run dir, a model dir, or the file itself. */
  static Path weightsFile(Path p) {
    if (Files.isRegularFile(p)) {
      return p;
    }
    if (Files.isDirectory(p.resolve("model")) && Files.exists(p.resolve("model").resolve(ModelDescriptor.FILE_NAME))) {
      p = p.resolve("model");
    }
    if (Files.isRegularFile(p.resolve(ModelDescriptor.FILE_NAME))) {
      ModelDescriptor d = ModelDescriptor.read(p);
      return p.resolve(d.weightsFile());
    }
    throw RecipeException.badInput("training.pretrained.path: " + p + " is neither a safetensors "
        + "file, a model directory (model.json) nor a run directory (model/model.json)");
  }
}
