package dev.recipe.evaluate;

import dev.recipe.data.Preprocessing;
import dev.recipe.model.ResNetConfig;
import java.util.List;
import java.util.Map;

/**
 * {@code metrics/eval.json}: what evaluation measured and whether the targets were met.
 *
 * @param split the split evaluated
 * @param samples number of samples
 * @param accuracy {@code top<k>} -> accuracy (fraction), for each requested k
 * @param loss mean cross-entropy without label smoothing
 * @param metrics the full metrics: top-k counts, per-class accuracy, confusion matrix
 * @param targets each spec target with its measured value and pass/fail
 * @param targetsPassed whether every target passed (true when there are none)
 * @param model what was evaluated: architecture, weights SHA-256, preprocessing
 * @param definitions how the numbers are defined (loss, tie rule, batch independence)
 */
public record EvalReport(
    String split,
    long samples,
    Map<String, Double> accuracy,
    double loss,
    Metrics metrics,
    List<TargetResult> targets,
    boolean targetsPassed,
    EvaluatedModel model,
    Map<String, String> definitions) {

  /**
   * The model evaluated (components in alphabetical order: the order eval.json has always had).
   *
   * @param preprocessing what every image went through before the forward pass
   * @param datasetFingerprint the processed dataset the split came from
   */
  public record EvaluatedModel(ResNetConfig architecture, String datasetFingerprint,
      Preprocessing preprocessing, String weightsSha256) {}

  /** The fixed definitions written with every report. */
  public static final Map<String, String> DEFINITIONS = Map.of(
      "loss", "mean over samples of cross-entropy logsumexp(z) - z[label], no label smoothing,"
          + " computed in double from float32 logits",
      "topK", "correct when fewer than k classes rank before the true class; a class ranks before"
          + " another when its logit is larger, or equal with a lower class index",
      "confusion", "confusion[true][predicted], predicted = top-1 (lowest index among maximal logits)",
      "batchSize", "logits are computed in inference mode (BatchNorm running statistics), batchSize"
          + " images per forward pass with the recorded intra-op threads, and metrics are accumulated"
          + " per sample in sample order; PyTorch CPU kernels depend on the batch shape and thread"
          + " count in the last bits, so the same batchSize and threads give bit-identical metrics");;
}
