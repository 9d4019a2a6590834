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
    try (NDArray onehot = labels.oneHot((int) classes)) {
      return softCrossEntropy(logits, onehot, smoothing);
    }
  }

  /**
   * The same with target probabilities (mixup, cutmix), as {@code CrossEntropyLoss(label_smoothing=e)}
   * with probability targets: per sample {@code (1 - e) * sum_c(-t_c log p_c) + e * mean_c(-log p_c)},
   * which is the loss against {@code (1 - e) * t + e / C}.
   *
   * @param targets (N, C) float32 probabilities
   */
  public static NDArray softCrossEntropy(NDArray logits, NDArray targets, double smoothing) {
    try (NDArray logp = logits.logSoftmax(1)) {
      NDArray perSample;
      try (NDArray picked = logp.mul(targets)) {
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

  /**
   * The training loss of samples {@code [from, from + n)} of a batch: against their labels, or
   * against their mixed targets when the batch was mixed ({@code BatchMix}).
   *
   * @param labels the shard's labels, on the logits' device
   */
  static NDArray ofShard(NDArray logits, NDArray labels,
      dev.recipe.train.data.HostBatch batch, int from, int n, double smoothing) {
    if (batch.targets() == null) {
      return crossEntropy(logits, labels, smoothing);
    }
    float[] t = batch.targets(from, n);
    try (NDArray targets = logits.getManager().create(t, new ai.djl.ndarray.types.Shape(n, t.length / n))) {
      return softCrossEntropy(logits, targets, smoothing);
    }
  }
}
