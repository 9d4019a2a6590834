package dev.recipe.deploy;

/**
 * Keys of the {@code metadata_props} the exporter writes into {@code model.onnx} and the ONNX
 * classifier reads back. Values are strings; lists and records are JSON.
 */
public final class OnnxMetadata {
  /** JSON array of class names, index = label. */
  public static final String CLASS_NAMES = "class_names";
  /** JSON of data-prep's {@code Preprocessing} (resize, crop, interpolation, mean, std, channels). */
  public static final String PREPROCESSING = "preprocessing";
  /** JSON of the architecture ({@code ResNetConfig}). */
  public static final String ARCHITECTURE = "architecture";
  /** Git commit SHA-1 of the code that trained the weights (with "-dirty" when the tree was dirty). */
  public static final String CODE_COMMIT = "code_commit";
  /** SHA-256 of the resolved spec the model was trained with. */
  public static final String SPEC_SHA256 = "spec_sha256";
  /** SHA-256 of {@code model/weights.safetensors}. */
  public static final String WEIGHTS_SHA256 = "weights_sha256";
  /** Fingerprint of the processed dataset the model was trained on. */
  public static final String DATASET_FINGERPRINT = "dataset_fingerprint";
  /** Version of recipe that wrote the file. */
  public static final String PRODUCER_VERSION = "producer_version";
  /** Input height and width in pixels, e.g. {@code 28x28}. */
  public static final String INPUT_SIZE = "input_size";
  /** The model's license (an SPDX-style id from {@code export.license}, or {@code unknown}). */
  public static final String LICENSE = "license";

  private OnnxMetadata() {}
}
