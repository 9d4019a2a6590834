package dev.recipe.deploy;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.recipe.core.RecipeException;
import dev.recipe.core.io.Json;
import dev.recipe.data.Preprocessing;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A classifier running an exported {@code model.onnx} under ONNX Runtime. Class names and
 * preprocessing come from the file's {@code metadata_props} ({@link OnnxMetadata}), so the file is
 * all a deployment needs. Imports nothing from DJL: it loads and runs without the PyTorch engine.
 */
public final class OnnxClassifier implements Classifier {
  private final Path file;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final String inputName;
  private final Signature signature;
  private final Map<String, String> metadata;

  private OnnxClassifier(Path file, OrtEnvironment env, OrtSession session) throws OrtException {
    this.file = file;
    this.env = env;
    this.session = session;
    this.metadata = Map.copyOf(session.getMetadata().getCustomMetadata());
    this.inputName = session.getInputNames().iterator().next();
    NodeInfo in = session.getInputInfo().get(inputName);
    long[] shape = ((TensorInfo) in.getInfo()).getShape();
    if (shape.length != 4) {
      throw RecipeException.badInput(file + ": expected a 4-d image input, got " + shape.length + "-d");
    }
    this.signature = new Signature(
        readJson(OnnxMetadata.CLASS_NAMES, new TypeReference<List<String>>() {}),
        readJson(OnnxMetadata.PREPROCESSING, new TypeReference<Preprocessing>() {}),
        new int[] {(int) shape[1], (int) shape[2], (int) shape[3]});
  }

  /** Opens a model file with ONNX Runtime's default thread settings. */
  public static OnnxClassifier open(Path file) {
    return open(file, 0);
  }

  /**
   * Opens a model file.
   *
   * @param intraOpThreads ONNX Runtime intra-op threads (0: its default, one per core)
   */
  public static OnnxClassifier open(Path file, int intraOpThreads) {
    if (!Files.isRegularFile(file)) {
      throw RecipeException.badInput("model not found: " + file);
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      if (intraOpThreads > 0) {
        options.setIntraOpNumThreads(intraOpThreads);
      }
      OrtSession session = env.createSession(file.toString(), options);
      try {
        return new OnnxClassifier(file, env, session);
      } catch (RuntimeException | OrtException e) {
        session.close();
        throw e;
      }
    } catch (OrtException e) {
      throw RecipeException.badInput(file + ": not a loadable ONNX model: " + e.getMessage(), e);
    }
  }

  private <T> T readJson(String key, TypeReference<T> type) {
    String text = metadata.get(key);
    if (text == null) {
      throw RecipeException.badInput(file + ": metadata_props has no '" + key
          + "' (was it exported by recipe export?)");
    }
    try {
      return Json.json().readValue(text, type);
    } catch (IOException e) {
      throw RecipeException.badInput(file + ": metadata_props '" + key + "' is not valid: "
          + e.getMessage(), e);
    }
  }

  /** The file's {@code metadata_props}. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** The model file. */
  public Path file() {
    return file;
  }

  /** The ONNX Runtime version this process runs. */
  public static String runtimeVersion() {
    return OrtEnvironment.getEnvironment().getVersion();
  }

  @Override
  public Signature signature() {
    return signature;
  }

  @Override
  public Backend backend() {
    return Backend.ONNX;
  }

  @Override
  public float[][] logits(List<float[]> inputs) {
    int[] in = signature.inputShape();
    FloatBuffer buf = FloatBuffer.wrap(Classifier.batch(inputs, in));
    long[] shape = {inputs.size(), in[0], in[1], in[2]};
    try (OnnxTensor t = OnnxTensor.createTensor(env, buf, shape);
        OrtSession.Result r = session.run(Map.of(inputName, t))) {
      return (float[][]) r.get(0).getValue();
    } catch (OrtException e) {
      throw new IllegalStateException(file + ": ONNX Runtime failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close ONNX session of " + file, e);
    }
  }
}
