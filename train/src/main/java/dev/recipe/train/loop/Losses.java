package dev.recipe.train.loop;

import ai.djl.ndarray.NDArray;

/** Loss functions with PyTorch semantics. */
public final class Losses {
  private Losses() {}

  /**
   * Mean cross-entropy with label smoothing, as {@code torch.nn.CrossEntropyLoss(label_smoothing=e)}:
   * the target is {@code (1 - e) * onehot + e / C}, so per sample
   * {@code loss = (1 - e) * nll + e * mean_c(-log p_c)}. With e = 0 it is plain cross-entropy.
   *
   * @param logits (N, C) raw scores
   * @param labels (N) class indices (any integer type)
   */
  public static NDArray crossEntropy(NDArray logits, NDArray labels, double smoothing) {
    long classes = logits.getShape().get(1);
    try (NDArray logp = logits.logSoftmax(1);
        NDArray onehot = labels.oneHot((int) classes)) {
      NDArray perSample;
      try (NDArray picked = logp.mul(onehot)) {
        perSample = picked.sum(new int[] {1}).neg();
      }
      if (smoothing > 0) {
        try (NDArray uniform = logp.mean(new int[] {1}).neg()) {
          NDArray mixed = perSample.mul((float) (1 - smoothing)).add(uniform.mul((float) smoothing));
          perSample.close();
          perSample = mixed;
        }
      }
      NDArray mean = perSample.mean();
      perSample.close();
      return mean;
    }
  }
}
