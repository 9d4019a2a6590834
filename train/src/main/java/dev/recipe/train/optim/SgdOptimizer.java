package dev.recipe.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * SGD with momentum exactly as {@code torch.optim.SGD} (dampening 0):
 *
 * <pre>
 *   g   = grad + wd * w            (wd per tensor; 0 for excluded BatchNorm/bias tensors)
 *   buf = momentum * buf + g       (buf starts at zero, so the first step stores g, like PyTorch)
 *   d   = nesterov ? g + momentum * buf : buf
 *   w  -= lr * lrMultiplier * d
 * </pre>
 *
 * Updates run in place on the parameter arrays, outside any gradient collector, and gradients are
 * zeroed here after each step (DJL's PyTorch collector accumulates and never zeroes). The momentum
 * buffers are ours: {@link #saveState()} and {@link #loadState(byte[])} round-trip them exactly.
 */
public final class SgdOptimizer implements AutoCloseable {
  /** The update, in words, for the recipe (what {@link #step} computes). */
  public static final String UPDATE_RULE = "torch.optim.SGD with dampening 0, per tensor and step:"
      + " g = grad + wd x w (weight decay added to the gradient; wd 0 for excluded tensors);"
      + " buf = momentum x buf + g (buf starts at 0, so the first step stores g);"
      + " d = g + momentum x buf with Nesterov, else d = buf; w = w - lr x lrMultiplier x d";

  private final List<ParamSlot> slots;
  private final double momentum;
  private final boolean nesterov;
  private final Map<String, NDArray> buffers = new LinkedHashMap<>();

  /**
   * @param manager owns the momentum buffers (must live on the parameters' device)
   */
  public SgdOptimizer(NDManager manager, List<ParamSlot> slots, double momentum, boolean nesterov) {
    this.slots = List.copyOf(slots);
    this.momentum = momentum;
    this.nesterov = nesterov;
    for (ParamSlot s : this.slots) {
      NDArray w = s.parameter().getArray();
      w.setRequiresGradient(!s.frozen());
      if (!s.frozen() && momentum != 0) {
        NDArray buf = manager.zeros(w.getShape(), w.getDataType(), w.getDevice());
        buf.setName(s.name());
        buffers.put(s.name(), buf);
      }
    }
  }

  public List<ParamSlot> slots() {
    return slots;
  }

  /** Applies one update with the scheduled learning rate, then zeroes every gradient. */
  public void step(double lr) {
    step(lr, s -> s.parameter().getArray().getGradient());
    zeroGradients();
  }

  /**
   * Applies one update from the given gradients: {@code gradient} returns each trainable tensor's
   * float32 gradient on the parameter's device, which this closes after use and may change in place.
   * Zeroing whatever accumulated them is the caller's business.
   */
  public void step(double lr, Function<ParamSlot, NDArray> gradient) {
    for (ParamSlot s : slots) {
      if (s.frozen()) {
        continue;
      }
      NDArray w = s.parameter().getArray();
      try (NDArray grad = gradient.apply(s)) {
        if (s.weightDecay() != 0) {
          try (NDArray decay = w.mul((float) s.weightDecay())) {
            grad.addi(decay);
          }
        }
        NDArray buf = buffers.get(s.name());
        NDArray direction = grad;
        if (buf != null) {
          buf.muli((float) momentum).addi(grad);
          if (nesterov) {
            try (NDArray look = buf.mul((float) momentum)) {
              grad.addi(look);
            }
          } else {
            direction = buf;
          }
        }
        try (NDArray update = direction.mul((float) (lr * s.lrMultiplier()))) {
          w.subi(update);
        }
      }
    }
  }

  /** Zeroes the gradients of every trainable tensor. */
  public void zeroGradients() {
    for (ParamSlot s : slots) {
      NDArray w = s.parameter().getArray();
      if (!s.frozen() && w.hasGradient()) {
        JniUtils.zeroGrad((PtNDArray) w);
      }
    }
  }

  /** The momentum buffer of a tensor (null when frozen or momentum is 0); for tests. */
  public NDArray buffer(String name) {
    return buffers.get(name);
  }

  /** The momentum buffers, named by tensor, in DJL's NDList encoding (exact float bytes). */
  public byte[] saveState() {
    NDList list = new NDList(new ArrayList<>(buffers.values()));
    return list.encode();
  }

  /** Restores buffers written by {@link #saveState()}; names and shapes must match. */
  public void loadState(byte[] encoded) {
    NDArray any = buffers.values().stream().findFirst().orElse(null);
    if (any == null) {
      return;
    }
    try (NDManager tmp = any.getManager().newSubManager()) {
      NDList list;
      try {
        list = NDList.decode(tmp, new ByteArrayInputStream(encoded));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("optimizer state is corrupt: " + e.getMessage(), e);
      }
      Map<String, NDArray> byName = new LinkedHashMap<>();
      list.forEach(a -> byName.put(a.getName(), a));
      if (!byName.keySet().equals(buffers.keySet())) {
        throw new IllegalArgumentException("optimizer state holds buffers " + byName.keySet()
            + " but the model needs " + buffers.keySet());
      }
      for (Map.Entry<String, NDArray> e : buffers.entrySet()) {
        NDArray saved = byName.get(e.getKey());
        if (!saved.getShape().equals(e.getValue().getShape())) {
          throw new IllegalArgumentException("optimizer buffer " + e.getKey() + " has shape "
              + saved.getShape() + ", expected " + e.getValue().getShape());
        }
        e.getValue().set(saved.toByteBuffer());
      }
    }
  }

  @Override
  public void close() {
    buffers.values().forEach(NDArray::close);
    buffers.clear();
  }
}
