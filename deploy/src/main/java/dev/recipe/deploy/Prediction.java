package dev.recipe.deploy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The prediction for one image.
 *
 * @param top classes by decreasing probability (ties: lower index first), as many as asked for
 * @param logits the raw model outputs, one per class (index = label)
 */
public record Prediction(List<ClassScore> top, float[] logits) {

  public Prediction {
    top = List.copyOf(top);
  }

  /** The best class. */
  public ClassScore best() {
    return top.get(0);
  }

  /**
   * Builds the prediction of one row of logits: softmax in double precision, then the {@code k}
   * most probable classes.
   */
  public static Prediction of(float[] logits, List<String> classNames, int k) {
    double[] p = softmax(logits);
    List<ClassScore> all = new ArrayList<>(logits.length);
    for (int i = 0; i < logits.length; i++) {
      all.add(new ClassScore(i, classNames.get(i), p[i]));
    }
    // Sort on logits, not probabilities: distinct logits can round to equal probabilities.
    all.sort(Comparator.<ClassScore>comparingDouble(c -> -logits[c.index()])
        .thenComparingInt(ClassScore::index));
    return new Prediction(all.subList(0, Math.min(k, all.size())), logits.clone());
  }

  /** Numerically stable softmax in double precision. */
  public static double[] softmax(float[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (float z : logits) {
      max = Math.max(max, z);
    }
    double[] p = new double[logits.length];
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      p[i] = Math.exp(logits[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
    return p;
  }
}
