package dev.recipe.infer;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.recipe.core.RecipeException;
import dev.recipe.deploy.Backend;
import dev.recipe.deploy.Classifier;
import dev.recipe.deploy.ModelLocation;
import dev.recipe.deploy.OnnxClassifier;
import dev.recipe.model.ModelDescriptor;
import dev.recipe.model.ParameterNames;
import dev.recipe.model.StateDict;
import dev.recipe.train.model.ResNets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Opens a {@link Classifier} for a MODEL path ({@link ModelLocation}) on a backend. */
public final class Classifiers {
  private Classifiers() {}

  /**
   * Opens the model.
   *
   * @param backend DJL (run directory, model directory, checkpoint) or ONNX (an .onnx file, or a
   *     run directory's {@code export/model.onnx})
   * @param threads intra-op threads of the runtime; 0 for its inference default (DJL: {@link
   *     DjlClassifier#PREDICT_THREADS}; ONNX Runtime: its own, one per physical core)
   */
  public static Classifier open(Path model, Backend backend, int threads) {
    ModelLocation files = ModelLocation.resolve(model);
    if (backend == Backend.ONNX) {
      if (files.onnx() == null) {
        throw RecipeException.badInput("model " + model + " has no ONNX file (run `recipe export "
            + model + "` first, or use --engine djl)");
      }
      return OnnxClassifier.open(files.onnx(), threads);
    }
    if (files.kind() == ModelLocation.Kind.ONNX_FILE) {
      throw RecipeException.badInput("model " + model + " is an ONNX file: use --engine onnx");
    }
    ModelDescriptor d = ModelDescriptor.read(files.modelDir());
    DjlClassifier c = files.kind() == ModelLocation.Kind.CHECKPOINT
        ? djl(d, checkpointWeights(d, files.path()), files.path().toString())
        : new DjlClassifier(ResNets.load(d, files.modelDir().resolve(d.weightsFile())),
            d.classNames(), ModelLocation.preprocessing(d), d.inputHeight(), d.inputWidth());
    return threads > 0 ? c.withThreads(threads) : c;
  }

  /** A DJL classifier of a descriptor with the given weights. */
  public static DjlClassifier djl(ModelDescriptor d, StateDict weights, String source) {
    return DjlClassifier.of(d.config(), weights, d.classNames(), ModelLocation.preprocessing(d),
        d.inputHeight(), d.inputWidth(), source);
  }

  /** The weights of a training checkpoint, renamed from DJL parameter paths to torchvision names. */
  static StateDict checkpointWeights(ModelDescriptor d, Path checkpoint) {
    Path file = checkpoint.resolve(ModelLocation.CHECKPOINT_PARAMETERS);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    Map<String, StateDict.Tensor> out = new LinkedHashMap<>();
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      for (NDArray a : NDList.decode(m, bytes)) {
        out.put(ParameterNames.toTorch(a.getName()),
            new StateDict.Tensor(a.getShape().getShape(), a.toFloatArray()));
      }
    } catch (IllegalArgumentException e) {
      throw RecipeException.badInput("checkpoint " + checkpoint + ": " + e.getMessage(), e);
    }
    // Reorder as the layout lists them (the block's order is the same, but do not rely on it).
    Map<String, StateDict.Tensor> ordered = new LinkedHashMap<>();
    d.config().parameters().forEach(p -> {
      if (out.containsKey(p.name())) {
        ordered.put(p.name(), out.remove(p.name()));
      }
    });
    ordered.putAll(out);
    return new StateDict(ordered);
  }
}
