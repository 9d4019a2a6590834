package dev.recipe.deploy;

import dev.recipe.core.RecipeException;
import dev.recipe.data.ImageDecoding;
import dev.recipe.data.Preprocessing;
import dev.recipe.data.RasterImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An image classifier loaded once and used for many predictions. Open one with
 * {@code dev.recipe.infer.Classifiers.open} (DJL or ONNX Runtime) or {@link OnnxClassifier#open} (ONNX Runtime only,
 * without DJL on the class path); close it when done. Not thread-safe: use one per thread.
 *
 * <p>Every image goes through {@link #preprocess}: conversion to the model's channel count and the
 * model's evaluation {@link Preprocessing} (resize, center crop, normalization) — the same code
 * evaluation runs, so an image gives the same logits here as in {@code recipe evaluate}.
 */
public interface Classifier extends AutoCloseable {

  /**
   * What a classifier takes and gives, whichever runtime computes it: one home for the values
   * every implementation reads from its model.
   *
   * @param classNames class names, index = label
   * @param preprocessing the evaluation preprocessing the model was trained with
   * @param inputShape input shape of one image: channels, height, width
   */
  record Signature(List<String> classNames, Preprocessing preprocessing, int[] inputShape) {
    public Signature {
      classNames = List.copyOf(classNames);
      inputShape = inputShape.clone();
    }

    /** A copy: the record stays immutable. */
    @Override
    public int[] inputShape() {
      return inputShape.clone();
    }
  }

  /** This classifier's class names, preprocessing and input shape. */
  Signature signature();

  /** Class names, index = label. */
  default List<String> classNames() {
    return signature().classNames();
  }

  /** The evaluation preprocessing the model was trained with. */
  default Preprocessing preprocessing() {
    return signature().preprocessing();
  }

  /** Which runtime computes the logits. */
  Backend backend();

  /** Input shape of one image: channels, height, width. */
  default int[] inputShape() {
    return signature().inputShape();
  }

  /**
   * Logits of a batch of preprocessed images.
   *
   * @param inputs one CHW float array per image, each of {@link #inputShape()}
   * @return one row of logits per image
   */
  float[][] logits(List<float[]> inputs);

  /**
   * The model input of one image: the model's preprocessing (channels, resize, crop, normalize).
   * When that does not give the model's input size (a model trained on 28x28 images, whose
   * preprocessing resizes nothing, shown a 97x97 photo), the image is fitted as evaluation
   * preprocessing fits images: shorter side resized to the input size, then a center crop
   * ({@link #fitted}).
   */
  default float[] preprocess(RasterImage image) {
    float[] x = preprocessing().apply(image);
    int[] s = inputShape();
    if (x.length == s[0] * s[1] * s[2]) {
      return x;
    }
    Preprocessing fit = fitted();
    if (fit == null) {
      throw RecipeException.badInput("image of " + image.width() + "x" + image.height()
          + " pixels does not fit the model's " + s[2] + "x" + s[1] + " input");
    }
    return fit.apply(image);
  }

  /**
   * The model's preprocessing with a resize of the shorter side to the input size and a center crop
   * of it, for images of another size; null when the input is not square.
   */
  default Preprocessing fitted() {
    int[] s = inputShape();
    if (s[1] != s[2]) {
      return null;
    }
    Preprocessing p = preprocessing();
    return new Preprocessing(s[1], s[1], p.interpolation(), p.mean(), p.std(), p.channels());
  }

  /** Whether the model's own preprocessing gives its input size for this image (no fitting needed). */
  default boolean fitsDirectly(RasterImage image) {
    int[] s = inputShape();
    return preprocessing().apply(image).length == s[0] * s[1] * s[2];
  }

  /** All classes of one image, most probable first. */
  default Prediction predict(RasterImage image) {
    return predict(List.of(image), classNames().size()).get(0);
  }

  /** All classes of one image file, most probable first; an undecodable file is bad input naming it. */
  default Prediction predict(Path imageFile) {
    RasterImage image = ImageDecoding.decode(imageFile);
    try {
      return predict(image);
    } catch (RecipeException e) {
      throw new RecipeException(e.exitCode(), imageFile + ": " + e.getMessage(), e);
    }
  }

  /** The {@code topK} most probable classes of each image, computed as one batch. */
  default List<Prediction> predict(List<RasterImage> images, int topK) {
    List<float[]> inputs = new ArrayList<>(images.size());
    for (RasterImage img : images) {
      inputs.add(preprocess(img));
    }
    float[][] z = logits(inputs);
    List<Prediction> out = new ArrayList<>(z.length);
    for (float[] row : z) {
      out.add(Prediction.of(row, classNames(), topK));
    }
    return out;
  }

  /** Releases native resources (sessions, models). */
  @Override
  void close();

  /**
   * Preprocessed images of shape {@code inputShape} (channels, height, width) laid end to end, the
   * NCHW batch both runtimes take; an image of another size is an error.
   */
  static float[] batch(List<float[]> inputs, int[] inputShape) {
    int per = inputShape[0] * inputShape[1] * inputShape[2];
    float[] flat = new float[inputs.size() * per];
    for (int i = 0; i < inputs.size(); i++) {
      float[] x = inputs.get(i);
      if (x.length != per) {
        throw new IllegalArgumentException("expected " + per + " input values, got " + x.length);
      }
      System.arraycopy(x, 0, flat, i * per, per);
    }
    return flat;
  }
}
