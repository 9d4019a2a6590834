package dev.recipe.core.run;

import dev.recipe.core.RecipeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The layout of a run directory (docs/pipeline.md, "What a run produces"). Every path a stage writes comes from
 * here, and {@link #resolveInside(String)} keeps names taken from specs or recipes inside it.
 */
public record RunDirectory(Path root) {
  /** The ONNX file's name inside {@code export/}. */
  public static final String ONNX_FILE = "model.onnx";

  public RunDirectory {
    root = root.toAbsolutePath().normalize();
  }

  public static RunDirectory of(Path root) {
    return new RunDirectory(root);
  }

  /** Creates the directory (and parents) if needed. */
  public RunDirectory create() {
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create run directory " + root, e);
    }
    return this;
  }

  public Path specResolved() {
    return root.resolve("spec.resolved.yaml");
  }

  public Path stages() {
    return root.resolve("stages");
  }

  public Path stageRecord(String stage) {
    return stages().resolve(stage + ".json");
  }

  public Path data() {
    return root.resolve("data");
  }

  public Path manifest() {
    return data().resolve("manifest.json");
  }

  public Path checkpoints() {
    return root.resolve("checkpoints");
  }

  public Path model() {
    return root.resolve("model");
  }

  /**
   * With {@code training.ema} and {@code replaceModel}: the raw (not averaged) final weights as a
   * model directory of their own, evaluated next to the model.
   */
  public Path rawWeightsModel() {
    return root.resolve("model-raw");
  }

  /** With {@code training.ema} but not {@code replaceModel}: the averaged weights' model directory. */
  public Path emaModel() {
    return root.resolve("model-ema");
  }

  public Path export() {
    return root.resolve("export");
  }

  /** The exported ONNX model, {@code export/model.onnx}. */
  public Path onnxModel() {
    return export().resolve(ONNX_FILE);
  }

  /** The exported weights under torchvision's names, {@code export/model.safetensors}. */
  public Path safetensorsExport() {
    return export().resolve("model.safetensors");
  }

  /** A path of this run as its records name it: relative to the run directory, with {@code /}. */
  public String relative(Path inside) {
    return root.relativize(inside.toAbsolutePath().normalize()).toString().replace('\\', '/');
  }

  /** The model card, {@code export/README.md}. */
  public Path modelCard() {
    return export().resolve("README.md");
  }

  /** The infer stage's worked examples (the images and each runtime's top-k). */
  public Path inferExamples() {
    return root.resolve("infer").resolve("examples");
  }

  public Path metrics() {
    return root.resolve("metrics");
  }

  public Path trainMetrics() {
    return metrics().resolve("train.jsonl");
  }

  public Path evalMetrics() {
    return metrics().resolve("eval.json");
  }

  public Path figures() {
    return root.resolve("figures");
  }

  public Path recipeMarkdown() {
    return root.resolve("RECIPE.md");
  }

  public Path recipeJson() {
    return root.resolve("recipe.json");
  }

  public Path logs() {
    return root.resolve("logs");
  }

  /** Resolves a relative name from untrusted text, refusing anything that would leave the run directory. */
  public Path resolveInside(String relative) {
    Path p = root.resolve(relative).normalize();
    if (!p.startsWith(root) || Path.of(relative).isAbsolute()) {
      throw RecipeException.badInput("path '" + relative + "' escapes the run directory " + root);
    }
    return p;
  }
}
