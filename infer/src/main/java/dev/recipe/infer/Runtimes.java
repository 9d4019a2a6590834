package dev.recipe.infer;

import ai.djl.engine.Engine;
import dev.recipe.deploy.OnnxClassifier;
import java.util.LinkedHashMap;
import java.util.Map;

/** Versions and thread settings of the inference runtimes, for stage records and benchmark reports. */
public final class Runtimes {
  private Runtimes() {}

  /** DJL, PyTorch and ONNX Runtime versions (starts the PyTorch engine when not yet started). */
  public static Map<String, String> libraries() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("djl", Engine.getDjlVersion());
    m.put("pytorch", Engine.getEngine("PyTorch").getVersion());
    m.put("onnxruntime", OnnxClassifier.runtimeVersion());
    return m;
  }

  /** Thread settings that affect speed (and, for PyTorch, can affect float summation order). */
  public static Map<String, String> threads() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("ai.djl.pytorch.num_threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
    m.put("ai.djl.pytorch.num_interop_threads",
        System.getProperty("ai.djl.pytorch.num_interop_threads", "default"));
    m.put("djl.predictThreads", Integer.toString(DjlClassifier.PREDICT_THREADS));
    m.put("availableProcessors", Integer.toString(Runtime.getRuntime().availableProcessors()));
    return m;
  }
}
