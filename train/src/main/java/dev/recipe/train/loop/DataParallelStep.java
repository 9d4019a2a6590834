package dev.recipe.train.loop;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.recipe.train.data.HostBatch;
import dev.recipe.train.optim.SgdOptimizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One optimizer step over a global batch of {@code microBatch x devices x accumulate} samples.
 *
 * <p>The global batch is cut, in order, into {@code accumulate} micro-steps of {@code devices}
 * shards of {@code microBatch} samples. Each shard's mean loss is scaled by
 * {@code shard / global} before its backward pass, so the gradients summed over all shards are the
 * gradient of the mean loss over the global batch, whatever the split. Shard 0 of each micro-step
 * runs on the primary parameters; shard {@code d > 0} on a {@link ReplicaStore} on device
 * {@code d}, whose gradients are then added onto the primary's. The optimizer then steps once
 * (the schedule advances once per call). DJL's own multi-device path sums instead of averaging and
 * counts one update per device (DJL-NOTES.md); it is not used.
 *
 * <p>Shards run one after another from this thread; on GPUs the kernels are queued asynchronously
 * so devices still overlap. BatchNorm uses per-shard batch statistics (like PyTorch DDP without
 * SyncBatchNorm); running statistics come from shard 0.
 */
public final class DataParallelStep implements AutoCloseable {
  private final Block block;
  private final SgdOptimizer optimizer;
  private final Device[] devices;
  private final int accumulate;
  private final double labelSmoothing;
  private final NDManager manager;
  private final ParameterStore primary;
  private final List<ReplicaStore> replicas = new ArrayList<>();

  /** What one step measured. */
  public record StepStats(double loss, int correct, int samples) {}

  /**
   * @param manager the model's manager on the primary device (parameters live there)
   * @param devices one device per shard; index 0 is the primary (repeat the CPU to emulate)
   */
  public DataParallelStep(NDManager manager, Block block, SgdOptimizer optimizer, Device[] devices,
      int accumulate, double labelSmoothing) {
    this.manager = manager;
    this.block = block;
    this.optimizer = optimizer;
    this.devices = devices.clone();
    this.accumulate = accumulate;
    this.labelSmoothing = labelSmoothing;
    this.primary = new ParameterStore(manager, false);
    for (int d = 1; d < devices.length; d++) {
      replicas.add(new ReplicaStore(manager, devices[d]));
    }
  }

  /**
   * Forward + backward on every shard and one optimizer step at {@code lr}. When the loss is not
   * finite no update is made (the caller stops the run) and the returned loss says so.
   */
  public StepStats run(HostBatch batch, double lr) {
    int global = batch.size();
    int shards = devices.length * accumulate;
    if (global % shards != 0) {
      throw new IllegalArgumentException(
          "global batch " + global + " does not split into " + shards + " equal shards");
    }
    int shard = global / shards;
    double lossSum = 0;
    int correct = 0;
    for (int m = 0; m < accumulate; m++) {
      for (int d = 0; d < devices.length; d++) {
        int from = (m * devices.length + d) * shard;
        ParameterStore store = primary;
        if (d > 0) {
          ReplicaStore r = replicas.get(d - 1);
          r.refresh(block);
          store = r;
        }
        float[] out = forwardBackward(store, devices[d], batch, from, shard, shard / (double) global);
        lossSum += out[0] * shard;
        correct += (int) out[1];
      }
      for (ReplicaStore r : replicas) {
        r.addGradientsTo(optimizer.slots());
        // dropped so that the next micro-step starts from fresh copies with zero gradients
        r.invalidate();
      }
    }
    if (!Double.isFinite(lossSum)) {
      // no update with a non-finite gradient: the weights stay those of the last good step
      optimizer.zeroGradients();
      return new StepStats(lossSum / global, correct, global);
    }
    optimizer.step(lr);
    replicas.forEach(ReplicaStore::invalidate);
    return new StepStats(lossSum / global, correct, global);
  }

  /** Returns {mean loss of the shard, correct top-1 count}. */
  private float[] forwardBackward(
      ParameterStore store, Device device, HostBatch batch, int from, int n, double scale) {
    try (NDManager sub = manager.newSubManager(device)) {
      NDArray x = sub.create(batch.images(from, n), batch.shape(n));
      NDArray y = sub.create(Arrays.copyOfRange(batch.labels(), from, from + n));
      float loss;
      float[] logits;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray out = block.forward(store, new NDList(x), true).singletonOrThrow();
        NDArray l = Losses.crossEntropy(out, y, labelSmoothing);
        gc.backward(l.mul((float) scale));
        loss = l.getFloat();
        logits = out.toFloatArray();
      }
      return new float[] {loss, TopK.correctTopK(logits, batch.labels(), from, n, 1)};
    }
  }

  @Override
  public void close() {
    replicas.forEach(ReplicaStore::close);
  }
}
