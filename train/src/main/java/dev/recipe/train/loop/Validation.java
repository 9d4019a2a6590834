package dev.recipe.train.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.recipe.train.data.BatchLoader;
import dev.recipe.train.data.HostBatch;
import dev.recipe.train.data.LabeledImages;
import dev.recipe.train.data.SampleTransform;

/** The validation pass after each epoch: loss, top-1 and top-5 in evaluation mode. */
final class Validation {
  private Validation() {}

  /**
   * {loss, top1, top5} over the validation split, in eval mode (running BatchNorm statistics), in
   * batches of {@code batchSize} read in order.
   */
  static double[] run(Block block, NDManager manager, LabeledImages val, SampleTransform transform,
      long seed, int batchSize, int loaderThreads) {
    int n = val.size();
    int batch = Math.max(1, batchSize);
    int batches = (n + batch - 1) / batch;
    double loss = 0;
    long top1 = 0;
    long top5 = 0;
    ParameterStore ps = new ParameterStore(manager, false);
    try (BatchLoader loader = new BatchLoader(val, transform, seed, 0,
        BatchLoader.inOrder(n), batch, 0, batches, loaderThreads, 2 * loaderThreads)) {
      while (loader.hasNext()) {
        HostBatch hb = loader.next();
        float[] logits;
        try (NDManager sub = manager.newSubManager()) {
          NDArray x = sub.create(hb.images(), hb.shape(hb.size()));
          logits = block.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
        }
        loss += crossEntropySum(logits, hb.labels());
        top1 += TopK.correctTopK(logits, hb.labels(), 0, hb.size(), 1);
        top5 += TopK.correctTopK(logits, hb.labels(), 0, hb.size(), 5);
      }
    }
    return new double[] {loss / n, top1 / (double) n, top5 / (double) n};
  }

  /** Sum over rows of plain cross-entropy (no smoothing), in double ({@link TopK#crossEntropy}). */
  static double crossEntropySum(float[] logits, int[] labels) {
    int n = labels.length;
    int c = logits.length / n;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += TopK.crossEntropy(logits, i * c, c, labels[i]);
    }
    return sum;
  }
}
