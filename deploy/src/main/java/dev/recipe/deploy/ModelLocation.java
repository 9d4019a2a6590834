package dev.recipe.deploy;

import dev.recipe.core.RecipeException;
import dev.recipe.core.run.RunDirectory;
import dev.recipe.data.Preprocessing;
import dev.recipe.model.ModelDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a MODEL argument points at: a run directory ({@code RUN/model/model.json}), a model
 * directory ({@code model.json} + weights), a training checkpoint ({@code RUN/checkpoints/NAME/},
 * whose architecture, classes and preprocessing come from {@code RUN/model/model.json}), or an
 * exported {@code .onnx} file.
 *
 * @param kind what the path is
 * @param path the path as given
 * @param modelDir the model directory holding {@code model.json} (null for ONNX files)
 * @param onnx the ONNX file to use with ONNX Runtime, when there is one
 */
public record ModelLocation(Kind kind, Path path, Path modelDir, Path onnx) {

  /** The kinds of MODEL. */
  public enum Kind { RUN_DIRECTORY, MODEL_DIRECTORY, CHECKPOINT, ONNX_FILE }

  /** The checkpoint file holding the parameters (see the train module's {@code Checkpoints}). */
  public static final String CHECKPOINT_PARAMETERS = "parameters.ndlist";

  /** Resolves a MODEL argument; a clear bad-input error naming it when it is none of the kinds. */
  public static ModelLocation resolve(Path path) {
    if (!Files.exists(path)) {
      throw RecipeException.badInput("model not found: " + path);
    }
    if (Files.isRegularFile(path)) {
      if (path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx")) {
        return new ModelLocation(Kind.ONNX_FILE, path, null, path);
      }
      throw RecipeException.badInput("model " + path + " is a file but not an .onnx file (expected a"
          + " run directory, a model directory, a checkpoint directory or an .onnx file)");
    }
    if (Files.isRegularFile(path.resolve(ModelDescriptor.FILE_NAME))) {
      return new ModelLocation(Kind.MODEL_DIRECTORY, path, path, null);
    }
    Path runModel = RunDirectory.of(path).model();
    if (Files.isRegularFile(runModel.resolve(ModelDescriptor.FILE_NAME))) {
      Path onnx = RunDirectory.of(path).onnxModel();
      return new ModelLocation(Kind.RUN_DIRECTORY, path, runModel, Files.isRegularFile(onnx) ? onnx : null);
    }
    if (Files.isRegularFile(path.resolve(CHECKPOINT_PARAMETERS))) {
      Path run = path.toAbsolutePath().normalize().getParent();
      run = run == null ? null : run.getParent();
      Path modelDir = run == null ? null : RunDirectory.of(run).model();
      if (modelDir == null || !Files.isRegularFile(modelDir.resolve(ModelDescriptor.FILE_NAME))) {
        throw RecipeException.badInput("checkpoint " + path + ": its run directory has no "
            + "model/model.json to take the architecture, classes and preprocessing from");
      }
      return new ModelLocation(Kind.CHECKPOINT, path, modelDir, null);
    }
    throw RecipeException.badInput("model " + path + " is not a run directory (no model/model.json),"
        + " a model directory (no model.json), a checkpoint (no " + CHECKPOINT_PARAMETERS
        + ") or an .onnx file");
  }

  /** data-prep's preprocessing for the resolved values recorded in a model descriptor. */
  public static Preprocessing preprocessing(ModelDescriptor descriptor) {
    Preprocessing p = descriptor.preprocessing();
    if (p == null) {
      throw RecipeException.badInput("model descriptor of " + descriptor.config().displayName()
          + " records no preprocessing");
    }
    return p;
  }
}
