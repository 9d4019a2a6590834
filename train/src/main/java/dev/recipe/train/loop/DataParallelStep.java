package dev.recipe.train.loop;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import dev.recipe.core.spec.TrainingSpec.MemoryFormat;
import dev.recipe.core.spec.TrainingSpec.Precision;
import dev.recipe.train.checkpoint.TrainState.LossScale;
import dev.recipe.train.data.HostBatch;
import dev.recipe.train.optim.ParamSlot;
import dev.recipe.train.optim.SgdOptimizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * One optimizer step over a global batch of {@code microBatch x devices x accumulate} samples.
 *
 * <p>The global batch is cut, in order, into {@code accumulate} micro-steps of {@code devices}
 * shards of {@code microBatch} samples. Each shard's mean loss is scaled by {@code shard / global}
 * before its backward pass, so the gradients summed over all shards are the gradient of the mean
 * loss over the global batch, whatever the split. The optimizer then steps once (the schedule
 * advances once per call). DJL's own multi-device path (its parameter server) sums the devices'
 * gradients instead of averaging them and counts one update per device; it is not used.
 *
 * <p>Devices run concurrently: the calling thread drives device 0 and one long-lived worker thread
 * drives each other device, each on its own {@link ShardStore} (persistent copies on its device).
 * Nothing is read back to the host inside a shard: each shard's loss and correct count stay on its
 * device until every shard of the step has finished. Gradients are then reduced onto the primary
 * in a fixed order (device 0, 1, ... of micro-step 0, then micro-step 1, ...; deterministic whatever
 * the timing), the optimizer updates the float32 master weights once, and the changed weights are
 * copied back to every shard's device. BatchNorm uses per-shard batch statistics (like PyTorch DDP
 * without SyncBatchNorm); running statistics come from shard 0.
 *
 * <p>In float32 on one device, shard 0 works on the master weights themselves (no copies). Under
 * {@link Precision#FP16} every shard works on float16 copies and the loss is scaled dynamically
 * ({@link LossScaler}); a step whose gradients overflow is skipped and counted.
 */
public final class DataParallelStep implements AutoCloseable {
  private final Block block;
  private final SgdOptimizer optimizer;
  private final Device[] devices;
  private final int accumulate;
  private final double labelSmoothing;
  private final NDManager manager;
  private final MemoryFormat memoryFormat;
  private final Precision precision;
  private final DataType working;
  /** Per device: null for device 0 working on the masters themselves. */
  private final List<ShardStore> stores = new ArrayList<>();
  private final ParameterStore masters;
  private final List<ExecutorService> workers = new ArrayList<>();
  private final LossScaler scaler;
  private final List<Parameter> trainable;
  private final IntConsumer shardStarted;
  private final PhaseListener phases;
  private final Double clipGradNorm;

  /**
   * What one step measured.
   *
   * @param loss mean loss over the global batch (not finite: the caller stops the run)
   * @param correct top-1 hits (argmax equals the label; the first maximum wins ties)
   * @param samples the global batch
   * @param skipped true when float16 gradients overflowed and the update was skipped
   * @param lossScale the loss scale the step used (1 in float32)
   */
  public record StepStats(double loss, int correct, int samples, boolean skipped, double lossScale) {}

  /** Configures a step: {@code setX} required, {@code optX} optional. */
  public static final class Builder {
    private NDManager manager;
    private Block block;
    private SgdOptimizer optimizer;
    private Device[] devices;
    private int accumulate = 1;
    private double labelSmoothing;
    private MemoryFormat memoryFormat = MemoryFormat.CONTIGUOUS;
    private Precision precision = Precision.FP32;
    private IntConsumer shardStarted = d -> { };
    private PhaseListener phases;
    private Double clipGradNorm;

    /** The block, the manager that owns its parameters (on the primary device), the optimizer. */
    public Builder setModel(NDManager manager, Block block, SgdOptimizer optimizer) {
      this.manager = manager;
      this.block = block;
      this.optimizer = optimizer;
      return this;
    }

    /** One device per shard; index 0 is the primary (repeat the CPU to emulate several). */
    public Builder setDevices(Device... devices) {
      this.devices = devices.clone();
      return this;
    }

    public Builder optAccumulate(int accumulate) {
      this.accumulate = accumulate;
      return this;
    }

    public Builder optLabelSmoothing(double labelSmoothing) {
      this.labelSmoothing = labelSmoothing;
      return this;
    }

    public Builder optMemoryFormat(MemoryFormat memoryFormat) {
      this.memoryFormat = memoryFormat;
      return this;
    }

    public Builder optPrecision(Precision precision) {
      this.precision = precision;
      return this;
    }

    /** Called on the shard's own thread as each shard starts, with its device index (tests). */
    public Builder optShardStarted(IntConsumer shardStarted) {
      this.shardStarted = shardStarted;
      return this;
    }

    /** Clips the global L2 norm of the reduced gradients (torch's {@code clip_grad_norm_}); null: off. */
    public Builder optClipGradNorm(Double maxNorm) {
      this.clipGradNorm = maxNorm;
      return this;
    }

    /** Told the time of each phase of every step ({@link PhaseListener}). */
    public Builder optPhaseListener(PhaseListener phases) {
      this.phases = phases;
      return this;
    }

    public DataParallelStep build() {
      if (manager == null || block == null || optimizer == null || devices == null || devices.length == 0) {
        throw new IllegalStateException("DataParallelStep needs setModel and setDevices");
      }
      if (precision == Precision.BF16) {
        throw new IllegalArgumentException(dev.recipe.core.spec.TrainingSpec.BF16_UNAVAILABLE);
      }
      return new DataParallelStep(this);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  private DataParallelStep(Builder b) {
    this.manager = b.manager;
    this.block = b.block;
    this.optimizer = b.optimizer;
    this.devices = b.devices;
    this.accumulate = b.accumulate;
    this.labelSmoothing = b.labelSmoothing;
    this.memoryFormat = b.memoryFormat;
    this.precision = b.precision;
    this.shardStarted = b.shardStarted;
    this.phases = b.phases;
    this.clipGradNorm = b.clipGradNorm;
    this.working = precision == Precision.FP16 ? DataType.FLOAT16 : DataType.FLOAT32;
    this.scaler = precision == Precision.FP16 ? new LossScaler() : null;
    this.masters = new ParameterStore(manager, false);
    this.trainable = optimizer.slots().stream().filter(s -> !s.frozen()).map(ParamSlot::parameter).toList();
    int intraOp = JniUtils.getNumThreads();
    for (int d = 0; d < devices.length; d++) {
      boolean onMasters = d == 0 && precision == Precision.FP32;
      stores.add(onMasters ? null : new ShardStore(manager, block, devices[d], working, d == 0));
      if (d > 0) {
        String name = "recipe-shard-" + d;
        workers.add(Executors.newSingleThreadExecutor(r -> {
          Thread t = new Thread(() -> {
            // intra-op threads and grad mode are per thread in PyTorch: set them for this one
            JniUtils.setNumThreads(intraOp);
            JniUtils.setGradMode(false);
            r.run();
          }, name);
          t.setDaemon(true);
          return t;
        }));
      }
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
    double lossScale = scaler == null ? 1.0 : scaler.scale();
    List<ShardResult> results = new ArrayList<>();
    try {
      for (int m = 0; m < accumulate; m++) {
        List<Future<ShardResult>> pending = new ArrayList<>();
        for (int d = 1; d < devices.length; d++) {
          int dev = d;
          int from = (m * devices.length + d) * shard;
          pending.add(workers.get(d - 1).submit(
              () -> forwardBackward(dev, batch, from, shard, lossScale * shard / global)));
        }
        ShardResult first = forwardBackward(0, batch, m * devices.length * shard, shard,
            lossScale * shard / global);
        results.add(first);
        for (Future<ShardResult> f : pending) {
          results.add(join(f));
        }
      }
      // host reads only now, in a fixed order
      double lossSum = 0;
      int correct = 0;
      for (ShardResult r : results) {
        lossSum += r.loss.getFloat() * (double) shard;
        correct += (int) r.correct.getLong();
      }
      double loss = lossSum / global;
      long updateStart = System.nanoTime();
      Map<Parameter, NDArray> grads = GradientReduction.reduce(trainable, stores, manager.getDevice(), lossScale);
      try {
        boolean finite = scaler == null || GradientReduction.allFinite(grads.values());
        if (!Double.isFinite(loss) && scaler == null) {
          // no update with a non-finite gradient: the weights stay those of the last good step
          return new StepStats(loss, correct, global, false, lossScale);
        }
        if (scaler != null) {
          scaler.update(finite);
          if (!finite) {
            return new StepStats(loss, correct, global, true, lossScale);
          }
        }
        if (clipGradNorm != null) {
          GradientReduction.clipByNorm(trainable, grads, clipGradNorm);
        }
        optimizer.step(lr, s -> grads.remove(s.parameter()));
      } finally {
        grads.values().forEach(NDArray::close);
        zeroAllGradients();
      }
      for (ShardStore s : stores) {
        if (s != null) {
          s.refreshTrainable(trainable);
        }
      }
      if (phases != null) {
        long fwd = 0;
        long bwd = 0;
        for (int i = 0; i < results.size(); i += devices.length) {
          fwd += results.get(i).forwardNanos();
          bwd += results.get(i).backwardNanos();
        }
        phases.phases(fwd / 1e9, bwd / 1e9, (System.nanoTime() - updateStart) / 1e9);
      }
      return new StepStats(loss, correct, global, false, lossScale);
    } finally {
      results.forEach(ShardResult::close);
    }
  }

  /** One shard's loss and top-1 hits, still on its device, and the manager that owns them. */
  private record ShardResult(NDManager sub, NDArray loss, NDArray correct, long forwardNanos,
      long backwardNanos) implements AutoCloseable {
    @Override
    public void close() {
      sub.close();
    }
  }

  private ShardResult forwardBackward(int d, HostBatch batch, int from, int n, double scale) {
    shardStarted.accept(d);
    long t0 = System.nanoTime();
    ShardStore store = stores.get(d);
    NDManager sub = manager.newSubManager(devices[d]);
    boolean ok = false;
    JniUtils.setGradMode(true);
    try {
      NDArray x = input(sub, batch, from, n);
      NDArray y = sub.create(Arrays.copyOfRange(batch.labels(), from, from + n));
      NDArray out = block.forward(store == null ? masters : store, new NDList(x), true).singletonOrThrow();
      if (out.getDataType() != DataType.FLOAT32) {
        // a differentiable cast: adding a float32 zero promotes the logits (DJL's toType is not
        // differentiable), so the loss and its first gradients are computed in float32
        try (NDArray zero = sub.zeros(new ai.djl.ndarray.types.Shape(1), DataType.FLOAT32)) {
          out = out.add(zero);
        }
      }
      NDArray l = Losses.ofShard(out, y, batch, from, n, labelSmoothing);
      long t1 = System.nanoTime();
      try (NDArray scaled = l.mul((float) scale);
          NDArray ones = scaled.onesLike()) {
        JniUtils.backward((PtNDArray) scaled, (PtNDArray) ones, false, false);
      }
      long t2 = System.nanoTime();
      NDArray correct;
      try (NDArray top = out.argMax(1);
          NDArray hit = top.eq(y)) {
        correct = hit.sum();
      }
      ok = true;
      return new ShardResult(sub, l, correct, t1 - t0, t2 - t1);
    } finally {
      JniUtils.setGradMode(false);
      if (!ok) {
        sub.close();
      }
    }
  }

  /** The shard's images as a tensor on the shard's device, in the working type and layout. */
  private NDArray input(NDManager sub, HostBatch batch, int from, int n) {
    NDArray x = memoryFormat == MemoryFormat.CHANNELS_LAST
        // NHWC bytes viewed as NCHW: PyTorch then sees channels-last strides
        ? sub.create(batch.imagesChannelsLast(from, n), batch.shapeChannelsLast(n)).transpose(0, 3, 1, 2)
        : sub.create(batch.images(from, n), batch.shape(n));
    if (working != DataType.FLOAT32) {
      NDArray low = x.toType(working, false);
      x.close();
      x = low;
    }
    return x;
  }

  private void zeroAllGradients() {
    optimizer.zeroGradients();
    for (ShardStore s : stores) {
      if (s != null) {
        s.zeroGradients();
      }
    }
  }

  /**
   * Copies the master weights to every shard again: call after the masters were changed outside a
   * step (restored from a checkpoint).
   */
  public void mastersChanged() {
    for (ShardStore s : stores) {
      if (s != null) {
        s.refreshAll(block);
      }
    }
  }

  /** The loss scaler's state for a checkpoint (null in float32). */
  public LossScale lossScale() {
    return scaler == null ? null : scaler.state();
  }

  /** Restores the loss scaler from a checkpoint. */
  public void restoreLossScale(LossScale state) {
    if (scaler != null) {
      scaler.restore(state);
    }
  }

  private static ShardResult join(Future<ShardResult> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a shard", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("shard failed", e.getCause());
    }
  }

  @Override
  public void close() {
    workers.forEach(ExecutorService::shutdownNow);
    stores.forEach(s -> {
      if (s != null) {
        s.close();
      }
    });
  }
}
