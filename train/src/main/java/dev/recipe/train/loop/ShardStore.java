package dev.recipe.train.loop;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The working copy of a block's parameters for one data-parallel shard: every parameter on the
 * shard's device, convolution and linear tensors in the working type (float16 under mixed
 * precision), BatchNorm parameters and statistics in float32. The copies are leaves of their own, so
 * a shard's backward pass fills their gradients and never touches the float32 master weights.
 *
 * <p>Copies persist between steps: {@link #refreshTrainable} rewrites only what the optimizer
 * changed (device to device, no host round trip), frozen tensors and BatchNorm buffers are copied
 * once. On the primary device the float32 tensors are not copied at all: the shard uses the
 * masters themselves, so BatchNorm running statistics update in the model. A replica's running
 * statistics are never read (running statistics come from the primary shard, as PyTorch DDP
 * broadcasts rank 0's buffers).
 */
final class ShardStore extends ParameterStore implements AutoCloseable {
  private final Device device;
  private final DataType working;
  private final NDManager manager;
  private final Map<String, NDArray> copies = new HashMap<>();
  /** Ids whose "copy" is the master array itself (float32 tensors on the primary device). */
  private final Set<String> shared = new HashSet<>();

  /**
   * Makes the copies. Must run with grad mode off on the calling thread, so the copies are
   * independent leaves (a copy made under grad mode would back-propagate into the master).
   */
  ShardStore(NDManager parent, Block block, Device device, DataType working, boolean primary) {
    super(parent, false);
    this.device = device;
    this.working = working;
    this.manager = parent.newSubManager(device);
    for (Pair<String, Parameter> p : block.getParameters()) {
      Parameter parameter = p.getValue();
      if (primary && !lowered(parameter)) {
        copies.put(parameter.getId(), parameter.getArray());
        shared.add(parameter.getId());
      } else {
        copy(parameter);
      }
    }
  }

  Device device() {
    return device;
  }

  /** Whether a parameter's copy is in the working type (convolution and linear tensors). */
  private boolean lowered(Parameter p) {
    return p.getType() == Parameter.Type.WEIGHT || p.getType() == Parameter.Type.BIAS;
  }

  private void copy(Parameter parameter) {
    NDArray src = parameter.getArray();
    DataType type = lowered(parameter) ? working : src.getDataType();
    NDArray moved = src.getDevice().equals(device) ? src : src.toDevice(device, true);
    NDArray copy = moved.getDataType() == type
        ? (moved == src ? src.duplicate() : moved)
        : moved.toType(type, true);
    if (moved != src && moved != copy) {
      moved.close();
    }
    copy.attach(manager);
    if (parameter.requiresGradient()) {
      copy.setRequiresGradient(true);
    }
    NDArray old = copies.put(parameter.getId(), copy);
    if (old != null) {
      old.close();
    }
  }

  /** Copies every parameter again (the masters were replaced, e.g. restored from a checkpoint). */
  void refreshAll(Block block) {
    for (Pair<String, Parameter> p : block.getParameters()) {
      if (!shared.contains(p.getValue().getId())) {
        copy(p.getValue());
      }
    }
  }

  /** Copies the given parameters again (after an optimizer update changed them). */
  void refreshTrainable(Iterable<Parameter> changed) {
    for (Parameter p : changed) {
      if (!shared.contains(p.getId())) {
        copy(p);
      }
    }
  }

  @Override
  public NDArray getValue(Parameter parameter, Device dev, boolean training) {
    if (parameter == null) {
      return null;
    }
    NDArray copy = copies.get(parameter.getId());
    if (copy == null) {
      throw new IllegalStateException("no shard copy of " + parameter.getName());
    }
    return copy;
  }

  /**
   * The gradient this shard accumulated for a parameter, as float32 on {@code target}'s device, or
   * null when the shard has none. The caller owns the result.
   */
  NDArray gradientFor(Parameter parameter, Device target) {
    NDArray copy = copies.get(parameter.getId());
    if (copy == null || !copy.hasGradient()) {
      return null;
    }
    if (shared.contains(parameter.getId())) {
      return copy.getGradient();
    }
    try (NDArray g = copy.getGradient()) {
      NDArray moved = g.getDevice().equals(target) ? g : g.toDevice(target, true);
      NDArray out = moved.toType(DataType.FLOAT32, true);
      if (moved != g) {
        moved.close();
      }
      return out;
    }
  }

  /** Zeroes the gradients of every copy (PyTorch accumulates into them). */
  void zeroGradients() {
    for (NDArray c : copies.values()) {
      if (c.hasGradient()) {
        JniUtils.zeroGrad((PtNDArray) c);
      }
    }
  }

  @Override
  public void close() {
    copies.forEach((id, a) -> {
      if (!shared.contains(id)) {
        a.close();
      }
    });
    copies.clear();
    manager.close();
  }
}
