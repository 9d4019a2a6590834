package dev.recipe.train.loop;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The reduction step of {@link DataParallelStep}: each trainable master's gradient summed over the
 * shards in a fixed order (so the sum does not depend on which shard finished first), and the
 * overflow check of float16 steps.
 */
final class GradientReduction {
  private GradientReduction() {}

  /**
   * Per trainable master, the float32 gradient summed over shards in a fixed order and divided by
   * the loss scale; the caller owns the arrays.
   */
  static Map<Parameter, NDArray> reduce(List<Parameter> trainable, List<ShardStore> stores,
      Device primary, double lossScale) {
    Map<Parameter, NDArray> out = new HashMap<>();
    for (Parameter p : trainable) {
      NDArray total = null;
      for (ShardStore s : stores) {
        NDArray g = s == null ? p.getArray().getGradient() : s.gradientFor(p, primary);
        if (g == null) {
          continue;
        }
        if (total == null) {
          total = g;
        } else {
          total.addi(g);
          g.close();
        }
      }
      if (total != null && lossScale != 1.0) {
        total.divi((float) lossScale);
      }
      if (total != null) {
        out.put(p, total);
      }
    }
    return out;
  }

  /** Whether every gradient is finite; one host read for all of them. */
  static boolean allFinite(Iterable<NDArray> grads) {
    List<NDArray> sums = new ArrayList<>();
    try {
      for (NDArray g : grads) {
        sums.add(g.sum());
      }
      if (sums.isEmpty()) {
        return true;
      }
      try (NDArray all = NDArrays.stack(new NDList(sums));
          NDArray total = all.sum()) {
        return Float.isFinite(total.getFloat());
      }
    } finally {
      sums.forEach(NDArray::close);
    }
  }

  /**
   * {@code torch.nn.utils.clip_grad_norm_(params, maxNorm)}: the L2 norm of the per-tensor L2 norms,
   * then every gradient times {@code min(1, maxNorm / (norm + 1e-6))}, on the device (no host read).
   * Tensors are taken in {@code order}, so the norm's summation order is fixed.
   */
  static void clipByNorm(List<Parameter> order, Map<Parameter, NDArray> grads, double maxNorm) {
    NDList norms = new NDList();
    try {
      for (Parameter p : order) {
        NDArray g = grads.get(p);
        if (g != null) {
          norms.add(g.norm());
        }
      }
      if (norms.isEmpty()) {
        return;
      }
      try (NDArray stacked = NDArrays.stack(norms);
          NDArray total = stacked.norm();
          NDArray guarded = total.add(1e-6f);
          NDArray one = guarded.onesLike();
          NDArray reciprocal = one.div(guarded);
          // torch evaluates maxNorm / t as t.reciprocal() * maxNorm
          NDArray coef = reciprocal.mul((float) maxNorm);
          NDArray clamped = coef.minimum(1f)) {
        for (Parameter p : order) {
          NDArray g = grads.get(p);
          if (g != null) {
            g.muli(clamped);
          }
        }
      }
    } finally {
      norms.close();
    }
  }
}
