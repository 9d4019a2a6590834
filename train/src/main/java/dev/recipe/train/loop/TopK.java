package dev.recipe.train.loop;

/** Top-k counting on host logits. Ties resolve to the lower class index (a stable rule). */
public final class TopK {
  private TopK() {}

  /**
   * How many of {@code n} rows of {@code logits} (row-major, C columns) starting at row 0 have the
   * label {@code labels[from + i]} among their k highest scores.
   */
  public static int correctTopK(float[] logits, int[] labels, int from, int n, int k) {
    int classes = logits.length / n;
    int correct = 0;
    for (int i = 0; i < n; i++) {
      int label = labels[from + i];
      float target = logits[i * classes + label];
      int better = 0;
      for (int c = 0; c < classes; c++) {
        float v = logits[i * classes + c];
        if (v > target || (v == target && c < label)) {
          better++;
        }
      }
      if (better < k) {
        correct++;
      }
    }
    return correct;
  }
}
