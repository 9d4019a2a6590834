package dev.recipe.train.optim;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.recipe.core.spec.TrainingSpec.OptimizerSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns named parameters into optimizer slots: trainable tensors only (BatchNorm running
 * statistics are not), weight decay off for BatchNorm gamma/beta and biases when
 * {@code noDecayOnNormAndBias}, the head's learning-rate multiplier, and frozen name prefixes.
 */
public final class ParamSlots {
  private ParamSlots() {}

  /**
   * @param named parameters by their stable name (torchvision's for ResNets)
   * @param freeze name prefixes to freeze; a prefix matches a whole name component
   *     ({@code layer1} matches {@code layer1.0.conv1.weight}, not {@code layer10...})
   * @param headPrefix the classifier head's name prefix (e.g. {@code fc})
   */
  public static List<ParamSlot> of(List<Pair<String, Parameter>> named, OptimizerSpec opt,
      List<String> freeze, String headPrefix, double headLrMultiplier) {
    List<ParamSlot> out = new ArrayList<>();
    for (Pair<String, Parameter> p : named) {
      Parameter param = p.getValue();
      if (!param.requiresGradient()) {
        continue;
      }
      String name = p.getKey();
      boolean normOrBias = param.getType() != Parameter.Type.WEIGHT;
      double wd = opt.noDecayOnNormAndBias() && normOrBias ? 0 : opt.weightDecay();
      boolean head = matches(name, headPrefix);
      boolean frozen = freeze.stream().anyMatch(f -> matches(name, f));
      out.add(new ParamSlot(name, param, head ? headLrMultiplier : 1.0, wd, frozen));
    }
    return out;
  }

  /** True when {@code prefix} is the whole name or a leading run of its dot-separated parts. */
  public static boolean matches(String name, String prefix) {
    return prefix != null && !prefix.isEmpty()
        && (name.equals(prefix) || name.startsWith(prefix.endsWith(".") ? prefix : prefix + "."));
  }
}
