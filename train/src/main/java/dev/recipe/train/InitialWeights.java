package dev.recipe.train;

import dev.recipe.core.RecipeException;
import dev.recipe.core.spec.TrainingSpec.PretrainedSpec;
import dev.recipe.model.ResNetConfig;
import dev.recipe.model.ResNetInit;
import dev.recipe.model.StateDict;
import dev.recipe.train.model.Pretrained;
import java.nio.file.Path;

/**
 * The weights training starts from: the seed's fresh initialization, overwritten by
 * {@code training.pretrained} when given ({@link Pretrained#load}: a run directory, model
 * directory, checkpoint or torchvision-named safetensors file). A replaced head keeps the fresh
 * initialization; anything else that does not fit is a bad-input error listing the keys.
 *
 * @param weights the state dict to load (every key of the config)
 * @param source the weights file loaded, or "initialization"
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
    Pretrained.Loaded loaded;
    try {
      loaded = Pretrained.load(Path.of(spec.path()), config, spec.replaceHead());
    } catch (RecipeException e) {
      throw RecipeException.badInput("training.pretrained: " + e.getMessage(), e);
    }
    Pretrained.Report r = loaded.report();
    if (spec.sha256() != null && !spec.sha256().equalsIgnoreCase(r.sha256())) {
      throw RecipeException.badInput("training.pretrained.sha256: " + r.weightsFile()
          + " has SHA-256 " + r.sha256() + ", the spec expects " + spec.sha256());
    }
    String note = r.summary() + " (SHA-256 " + r.sha256() + ")"
        + (r.headReplaced() ? "; the new head (" + config.numClasses()
            + " classes) is initialized from seed " + seed : "");
    return new InitialWeights(fresh.with(loaded.weights()), r.weightsFile().toString(), r.sha256(),
        r.headReplaced(), note);
  }
}
