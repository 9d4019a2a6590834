package dev.recipe.infer;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import dev.recipe.data.Preprocessing;
import dev.recipe.deploy.Backend;
import dev.recipe.deploy.Classifier;
import dev.recipe.model.ResNetConfig;
import dev.recipe.model.StateDict;
import dev.recipe.train.model.ResNetBlock;
import dev.recipe.train.model.ResNets;
import java.util.List;

/**
 * A classifier computing logits with DJL's PyTorch engine from trained weights: the network the
 * training stage built ({@link ResNetBlock}), forward in inference mode (BatchNorm running
 * statistics, no gradient).
 */
public final class DjlClassifier implements Classifier {
  private final Model model;
  private final ResNetBlock block;
  private final Signature signature;
  private final int previousThreads;

  /**
   * Intra-op threads while a DJL classifier is open. One thread is the fastest for the per-image
   * forward passes evaluation and inference make (measured on the quickstart model, 2 cores: 4.2 ms
   * per image with 1 thread against 9-22 ms with 2), and a fixed count keeps evaluate's and infer's
   * logits bit-identical. The engine-wide setting is restored on {@link #close()}.
   */
  public static final int PREDICT_THREADS = 1;

  /**
   * Wraps a loaded model; the classifier owns it and closes it.
   *
   * @param height input height after preprocessing
   * @param width input width after preprocessing
   */
  public DjlClassifier(Model model, List<String> classNames, Preprocessing preprocessing,
      int height, int width) {
    this.previousThreads = JniUtils.getNumThreads();
    JniUtils.setNumThreads(PREDICT_THREADS);
    this.model = model;
    this.block = ResNets.block(model);
    ResNetConfig config = block.config();
    if (classNames.size() != config.numClasses()) {
      JniUtils.setNumThreads(previousThreads);
      model.close();
      throw new IllegalArgumentException("the model has " + config.numClasses()
          + " outputs but " + classNames.size() + " class names");
    }
    this.signature = new Signature(classNames, preprocessing,
        new int[] {config.inputChannels(), height, width});
  }

  /**
   * Intra-op threads for the forward passes from now on (evaluation uses the training threads for
   * its batches; one thread stays the default for single images). Restored on {@link #close()}.
   */
  public DjlClassifier withThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive, got " + threads);
    }
    JniUtils.setNumThreads(threads);
    return this;
  }

  /** A classifier of a configuration holding exactly the given weights, on the CPU. */
  public static DjlClassifier of(ResNetConfig config, StateDict weights, List<String> classNames,
      Preprocessing preprocessing, int height, int width, String source) {
    return new DjlClassifier(ResNets.withWeights(config, weights, Device.cpu(), source),
        classNames, preprocessing, height, width);
  }

  /** The architecture. */
  public ResNetConfig config() {
    return block.config();
  }

  @Override
  public Signature signature() {
    return signature;
  }

  @Override
  public Backend backend() {
    return Backend.DJL;
  }

  @Override
  public float[][] logits(List<float[]> inputs) {
    int[] in = signature.inputShape();
    float[] flat = Classifier.batch(inputs, in);
    try (NDManager m = model.getNDManager().newSubManager()) {
      NDArray x = m.create(flat, new Shape(inputs.size(), in[0], in[1], in[2]));
      NDList out = block.forward(new ParameterStore(m, false), new NDList(x), false);
      NDArray z = out.singletonOrThrow();
      int classes = (int) z.getShape().get(1);
      float[] all = z.toFloatArray();
      float[][] rows = new float[inputs.size()][classes];
      for (int i = 0; i < rows.length; i++) {
        System.arraycopy(all, i * classes, rows[i], 0, classes);
      }
      return rows;
    }
  }

  @Override
  public void close() {
    JniUtils.setNumThreads(previousThreads);
    model.close();
  }
}
