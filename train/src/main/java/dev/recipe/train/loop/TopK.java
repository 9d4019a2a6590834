package dev.recipe.train.loop;

/**
 * The one definition of the classification scores that training's validation and the evaluate
 * stage report, on host logits (row-major, {@code classes} per row):
 * <ul>
 *   <li>rank: how many classes rank before the true class, a class ranking before it when its logit
 *       is larger, or equal with a lower class index; a NaN logit of the true class ranks last;
 *   <li>top-k: correct when the rank is below k;
 *   <li>prediction: the lowest index among the maximal logits (NaN never wins);
 *   <li>cross-entropy: {@code logsumexp(z) - z[label]} in double precision, no label smoothing.
 * </ul>
 */
public final class TopK {
  private TopK() {}

  /** The rank of {@code label} in the row of {@code classes} logits starting at {@code offset}. */
  public static int rankOf(float[] logits, int offset, int classes, int label) {
    float z = logits[offset + label];
    if (Float.isNaN(z)) {
      return classes;
    }
    int better = 0;
    for (int j = 0; j < classes; j++) {
      float v = logits[offset + j];
      if (v > z || (v == z && j < label)) {
        better++;
      }
    }
    return better;
  }

  /** The predicted class of the row starting at {@code offset}. */
  public static int argmax(float[] logits, int offset, int classes) {
    int best = 0;
    for (int j = 1; j < classes; j++) {
      if (logits[offset + j] > logits[offset + best] || Float.isNaN(logits[offset + best])) {
        best = j;
      }
    }
    return best;
  }

  /** Cross-entropy of the row starting at {@code offset}, in double. */
  public static double crossEntropy(float[] logits, int offset, int classes, int label) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < classes; j++) {
      max = Math.max(max, logits[offset + j]);
    }
    double sum = 0;
    for (int j = 0; j < classes; j++) {
      sum += Math.exp(logits[offset + j] - max);
    }
    return max + Math.log(sum) - logits[offset + label];
  }

  /**
   * How many of {@code n} rows of {@code logits} starting at row 0 have the label
   * {@code labels[from + i]} among their k highest scores.
   */
  public static int correctTopK(float[] logits, int[] labels, int from, int n, int k) {
    int classes = logits.length / n;
    int correct = 0;
    for (int i = 0; i < n; i++) {
      if (rankOf(logits, i * classes, classes, labels[from + i]) < k) {
        correct++;
      }
    }
    return correct;
  }
}
