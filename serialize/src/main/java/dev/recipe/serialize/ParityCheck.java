package dev.recipe.serialize;

import dev.recipe.data.RasterImage;
import dev.recipe.deploy.Classifier;
import dev.recipe.deploy.Prediction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compares two classifiers of the same model (DJL as the reference, ONNX Runtime as the candidate)
 * on real images: each preprocesses the images itself (so the ONNX metadata's preprocessing is
 * checked too), then logits are compared element by element and top-1 classes (lowest index on
 * ties) sample by sample.
 */
public final class ParityCheck {
  private ParityCheck() {}

  /**
   * The outcome.
   *
   * @param samples images compared
   * @param maxAbsLogitDiff largest |reference - candidate| over all logits
   * @param meanAbsLogitDiff mean |reference - candidate| over all logits
   * @param top1Agreement fraction of samples with the same top-1 class
   * @param preprocessingIdentical whether both produced bit-identical model inputs for every image
   * @param tolerance the allowed maximum absolute difference
   * @param passed max diff within tolerance, 100% top-1 agreement and identical inputs
   */
  public record Result(
      int samples, double maxAbsLogitDiff, double meanAbsLogitDiff, long top1Agreeing,
      double top1Agreement, boolean preprocessingIdentical, double tolerance, boolean passed) {}

  /** Runs the comparison in batches of {@code batchSize}. */
  public static Result compare(Classifier reference, Classifier candidate, List<RasterImage> images,
      double tolerance, int batchSize) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("parity needs at least one image");
    }
    double max = 0;
    double sum = 0;
    long values = 0;
    long agree = 0;
    boolean sameInputs = true;
    for (int start = 0; start < images.size(); start += batchSize) {
      List<RasterImage> batch = images.subList(start, Math.min(images.size(), start + batchSize));
      List<float[]> refIn = new ArrayList<>();
      List<float[]> candIn = new ArrayList<>();
      for (RasterImage img : batch) {
        float[] a = reference.preprocess(img);
        float[] b = candidate.preprocess(img);
        sameInputs &= Arrays.equals(a, b);
        refIn.add(a);
        candIn.add(b);
      }
      float[][] r = reference.logits(refIn);
      float[][] c = candidate.logits(candIn);
      for (int i = 0; i < r.length; i++) {
        for (int j = 0; j < r[i].length; j++) {
          double d = Math.abs((double) r[i][j] - c[i][j]);
          max = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(max, d);
          sum += d;
          values++;
        }
        if (top1(r[i]) == top1(c[i])) {
          agree++;
        }
      }
    }
    double agreement = (double) agree / images.size();
    boolean passed = max <= tolerance && agree == images.size() && sameInputs;
    return new Result(images.size(), max, sum / values, agree, agreement, sameInputs, tolerance,
        passed);
  }

  private static int top1(float[] logits) {
    return Prediction.of(logits, java.util.Collections.nCopies(logits.length, ""), 1).best().index();
  }
}
