package dev.recipe.model;

import com.fasterxml.jackson.databind.JsonMappingException;
import dev.recipe.core.RecipeException;
import dev.recipe.core.io.Json;
import dev.recipe.data.Preprocessing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code model/model.json}: everything needed to use the weights next to it.
 *
 * @param config the architecture
 * @param classNames class names, index = output position
 * @param preprocessing the evaluation preprocessing, resolved (data-prep's one type for it)
 * @param inputHeight input height the model was trained at
 * @param inputWidth input width the model was trained at
 * @param weightsFile weights file name relative to the model directory
 * @param weightsSha256 SHA-256 of the weights file
 * @param specHash hash of the spec the model was trained from (null when unknown)
 * @param codeCommit git commit of the code that trained it (null when unknown)
 */
public record ModelDescriptor(
    ResNetConfig config,
    List<String> classNames,
    Preprocessing preprocessing,
    int inputHeight,
    int inputWidth,
    String weightsFile,
    String weightsSha256,
    String specHash,
    String codeCommit) {

  public static final String FILE_NAME = "model.json";
  public static final String WEIGHTS_FILE = "weights.safetensors";

  public ModelDescriptor {
    if (config == null) {
      throw new IllegalArgumentException("config is required");
    }
    classNames = classNames == null ? null : List.copyOf(classNames);
    if (classNames != null && classNames.size() != config.numClasses()) {
      throw new IllegalArgumentException("classNames has " + classNames.size()
          + " entries but the model has " + config.numClasses() + " classes");
    }
    weightsFile = weightsFile == null ? WEIGHTS_FILE : weightsFile;
  }

  /** This descriptor pointing at a weights file with the given hash. */
  public ModelDescriptor withWeights(String file, String sha256) {
    return new ModelDescriptor(config, classNames, preprocessing, inputHeight, inputWidth, file, sha256,
        specHash, codeCommit);
  }

  /** Reads {@code modelDir/model.json}; a bad-input error naming the file when absent or invalid. */
  public static ModelDescriptor read(Path modelDir) {
    Path f = modelDir.resolve(FILE_NAME);
    if (!Files.isRegularFile(f)) {
      throw RecipeException.badInput("no model descriptor " + f + " (is " + modelDir + " a model directory?)");
    }
    try {
      return Json.json().readValue(Files.readAllBytes(f), ModelDescriptor.class);
    } catch (JsonMappingException e) {
      throw RecipeException.badInput("invalid model descriptor " + f + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw RecipeException.badInput("cannot read model descriptor " + f + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code modelDir/model.json} atomically. */
  public void write(Path modelDir) {
    Json.write(modelDir.resolve(FILE_NAME), this);
  }
}
