package dev.recipe.train.loop;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.training.ParameterStore;
import dev.recipe.train.optim.ParamSlot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of one non-primary data-parallel shard: a private copy of every parameter on the
 * shard's device (made by {@link #refresh} before each micro-step), so the shard's gradients and BatchNorm
 * statistics land in the copies. After the shard's backward pass {@link #addGradientsTo} adds its
 * gradients onto the primary parameters; {@link #invalidate()} drops the copies after the update.
 * Copies are made even when the device is the primary's (CPU), which is how this path is tested
 * without GPUs. Running statistics of the copies are discarded, so BatchNorm running statistics
 * come from the primary shard, as with PyTorch DDP's default buffer broadcast from rank 0.
 */
final class ReplicaStore extends ParameterStore implements AutoCloseable {
  private final Device device;
  private final NDManager manager;
  private final Map<String, NDArray> copies = new HashMap<>();

  ReplicaStore(NDManager parent, Device device) {
    super(parent, false);
    this.device = device;
    this.manager = parent.newSubManager(device);
  }

  /**
   * Copies every parameter of the block to this shard's device. Must run outside any gradient
   * collector, so the copies are independent leaves (on the same device {@code toDevice} would
   * alias the primary's tensor, and under grad mode a copy would back-propagate into it).
   */
  void refresh(Block block) {
    invalidate();
    for (Pair<String, Parameter> p : block.getParameters()) {
      Parameter parameter = p.getValue();
      NDArray src = parameter.getArray();
      NDArray copy = src.getDevice().equals(device) ? src.duplicate() : src.toDevice(device, true);
      copy.attach(manager);
      if (parameter.requiresGradient()) {
        copy.setRequiresGradient(true);
      }
      copies.put(parameter.getId(), copy);
    }
  }

  @Override
  public NDArray getValue(Parameter parameter, Device dev, boolean training) {
    if (parameter == null) {
      return null;
    }
    NDArray copy = copies.get(parameter.getId());
    if (copy == null) {
      throw new IllegalStateException("replica of " + parameter.getName() + " missing: refresh first");
    }
    return copy;
  }

  /** Adds this shard's gradients onto the primary parameters' gradients. */
  void addGradientsTo(List<ParamSlot> slots) {
    for (ParamSlot s : slots) {
      if (s.frozen()) {
        continue;
      }
      NDArray copy = copies.get(s.parameter().getId());
      if (copy == null || !copy.hasGradient()) {
        continue;
      }
      NDArray primary = s.parameter().getArray();
      try (NDArray g = copy.getGradient();
          NDArray moved = g.toDevice(primary.getDevice(), false);
          NDArray target = primary.getGradient()) {
        target.addi(moved);
      }
    }
  }

  /** Drops the copies; the next forward copies the updated primary parameters again. */
  void invalidate() {
    copies.values().forEach(NDArray::close);
    copies.clear();
  }

  @Override
  public void close() {
    invalidate();
    manager.close();
  }
}
