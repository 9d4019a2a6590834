package dev.recipe.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import dev.recipe.core.RecipeException;
import dev.recipe.model.SafeTensors;
import dev.recipe.model.StateDict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An exponential moving average of the weights and BatchNorm statistics, as torchvision's
 * {@code ExponentialMovingAverage} (an {@code AveragedModel} with {@code use_buffers=True}):
 * {@code update} copies when nothing has been averaged yet, and otherwise sets each tensor to
 * {@code decay * average + (1 - decay) * current} in float32, on the tensor's device (no host read).
 * The count of updates (torchvision's {@code n_averaged}) is part of the state, so a resumed run
 * continues exactly.
 */
public final class WeightAverage implements AutoCloseable {
  /** The checkpoint file holding the average. */
  public static final String FILE = "ema.safetensors";
  private static final String COUNT_KEY = "nAveraged";

  private final Map<String, Parameter> params;
  private final float decay;
  private final float rest;
  private final List<NDArray> average = new ArrayList<>();
  private long averaged;

  /**
   * @param params every tensor to average, by state-dict name (weights and BatchNorm statistics)
   * @param decay the per-update decay (already adjusted, {@code EmaSpec#adjustedDecay})
   */
  public WeightAverage(Map<String, Parameter> params, double decay) {
    this.params = new LinkedHashMap<>(params);
    this.decay = (float) decay;
    this.rest = (float) (1.0 - decay);
  }

  /** torchvision's {@code update_parameters}: copy on the first update, average afterwards. */
  public void update() {
    int i = 0;
    for (Parameter p : params.values()) {
      NDArray w = p.getArray();
      if (averaged == 0) {
        NDArray copy = w.duplicate();
        copy.detach(); // owned here, not by the step's manager
        if (i < average.size()) {
          average.set(i, copy).close();
        } else {
          average.add(copy);
        }
      } else {
        NDArray a = average.get(i);
        try (NDArray part = w.mul(rest)) {
          a.muli(decay).addi(part);
        }
      }
      i++;
    }
    averaged++;
  }

  /** torchvision's {@code n_averaged.fill_(0)} during warmup: the next update copies again. */
  public void reset() {
    averaged = 0;
  }

  /** Updates done since the last reset (torchvision's {@code n_averaged}). */
  public long averaged() {
    return averaged;
  }

  /** The average as a state dict (the current weights when nothing was averaged yet). */
  public StateDict stateDict() {
    Map<String, StateDict.Tensor> out = new LinkedHashMap<>();
    int i = 0;
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      NDArray a = average.isEmpty() ? e.getValue().getArray() : average.get(i++);
      out.put(e.getKey(), new StateDict.Tensor(a.getShape().getShape(), a.toFloatArray()));
    }
    return new StateDict(out);
  }

  /** Writes the average and the update count into a checkpoint directory. */
  public void write(Path checkpointDir) {
    SafeTensors.write(checkpointDir.resolve(FILE), stateDict(), Map.of(COUNT_KEY, Long.toString(averaged)));
  }

  /** Restores what {@link #write} wrote. */
  public void restore(Path checkpointDir) {
    Path f = checkpointDir.resolve(FILE);
    if (!java.nio.file.Files.isRegularFile(f)) {
      throw RecipeException.badInput("checkpoint " + checkpointDir + " has no " + FILE
          + " although training.ema is set (was it written by a run without ema?)");
    }
    SafeTensors.Contents c = SafeTensors.readContents(f);
    String count = c.metadata().get(COUNT_KEY);
    if (count == null) {
      throw RecipeException.badInput(f + ": no " + COUNT_KEY + " in its metadata");
    }
    average.forEach(NDArray::close);
    average.clear();
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      StateDict.Tensor t = c.tensors().get(e.getKey());
      if (t == null) {
        throw RecipeException.badInput(f + " has no tensor " + e.getKey());
      }
      NDArray a = e.getValue().getArray().duplicate();
      a.detach();
      a.set(t.data());
      average.add(a);
    }
    averaged = Long.parseLong(count);
  }

  /**
   * Runs {@code action} with the average in the parameters (validation of the averaged weights),
   * then puts the weights back exactly.
   */
  public <T> T withAverageLoaded(java.util.function.Supplier<T> action) {
    if (average.isEmpty()) {
      return action.get();
    }
    List<float[]> saved = new ArrayList<>();
    int i = 0;
    for (Parameter p : params.values()) {
      NDArray w = p.getArray();
      saved.add(w.toFloatArray());
      w.set(average.get(i++).toFloatArray());
    }
    try {
      return action.get();
    } finally {
      i = 0;
      for (Parameter p : params.values()) {
        p.getArray().set(saved.get(i++));
      }
    }
  }

  @Override
  public void close() {
    average.forEach(NDArray::close);
    average.clear();
  }
}
