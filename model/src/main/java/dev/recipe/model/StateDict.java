package dev.recipe.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * An ordered map from torchvision state-dict name to float32 tensor: the one exchange format of
 * weights (DJL model, safetensors files, checkpoints, ONNX export). Includes BatchNorm running
 * statistics; {@code num_batches_tracked} is not kept. Immutable map; the tensors' arrays are
 * shared, not copied, and must not be modified.
 */
public final class StateDict {

  /**
   * One tensor: shape (PyTorch layout) and row-major data.
   *
   * @param shape dimensions; empty for a scalar
   * @param data elements, {@code product(shape)} of them
   */
  public record Tensor(long[] shape, float[] data) {
    public Tensor {
      long n = 1;
      for (long d : shape) {
        if (d < 0) {
          throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
        }
        n *= d;
      }
      if (n != data.length) {
        throw new IllegalArgumentException(
            "shape " + Arrays.toString(shape) + " needs " + n + " elements, got " + data.length);
      }
      shape = shape.clone();
    }

    @Override
    public long[] shape() {
      return shape.clone();
    }

    public boolean sameShape(long[] other) {
      return Arrays.equals(shape, other);
    }

    public String shapeString() {
      return Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
      return "Tensor" + Arrays.toString(shape);
    }
  }

  private final Map<String, Tensor> tensors;

  /** A state dict with the map's entries in the map's iteration order. */
  public StateDict(Map<String, Tensor> tensors) {
    this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
  }

  public Map<String, Tensor> tensors() {
    return tensors;
  }

  public List<String> names() {
    return new ArrayList<>(tensors.keySet());
  }

  public Tensor get(String name) {
    return tensors.get(name);
  }

  public boolean contains(String name) {
    return tensors.containsKey(name);
  }

  public int size() {
    return tensors.size();
  }

  /** Total number of elements over all tensors. */
  public long elementCount() {
    return tensors.values().stream().mapToLong(t -> t.data().length).sum();
  }

  /** The entries whose name passes {@code keep}, in the same order. */
  public StateDict filter(Predicate<String> keep) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    tensors.forEach((k, v) -> {
      if (keep.test(k)) {
        out.put(k, v);
      }
    });
    return new StateDict(out);
  }

  /** This dict with {@code other}'s entries added or replacing ours (order: ours, then new ones). */
  public StateDict with(StateDict other) {
    Map<String, Tensor> out = new LinkedHashMap<>(tensors);
    out.putAll(other.tensors);
    return new StateDict(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StateDict s && tensors.equals(s.tensors);
  }

  @Override
  public int hashCode() {
    return tensors.hashCode();
  }

  @Override
  public String toString() {
    return "StateDict(" + tensors.size() + " tensors, " + elementCount() + " elements)";
  }
}
