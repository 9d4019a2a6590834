package dev.recipe.model;

import dev.recipe.core.RecipeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Whether a state dict fits an architecture: the same keys, each with the expected shape. */
public final class StateDictCheck {
  private StateDictCheck() {}

  /**
   * Throws a bad-input error listing missing keys, unexpected keys and mismatched shapes when {@code
   * weights} does not match the configuration exactly.
   */
  public static void check(ResNetConfig config, StateDict weights, String source) {
    List<String> problems = keyProblems(config.parameters(), weights);
    if (!problems.isEmpty()) {
      throw RecipeException.badInput("weights from " + source + " do not fit " + config.displayName()
          + ":\n  " + String.join("\n  ", problems));
    }
  }

  /** Human-readable lines "missing keys: ...", "unexpected keys: ...", "shape mismatch: ...". */
  public static List<String> keyProblems(List<ParamDef> expected, StateDict weights) {
    List<String> missing = new ArrayList<>();
    List<String> mismatched = new ArrayList<>();
    Map<String, ParamDef> byName = new LinkedHashMap<>();
    for (ParamDef p : expected) {
      byName.put(p.name(), p);
      StateDict.Tensor t = weights.get(p.name());
      if (t == null) {
        missing.add(p.name());
      } else if (!t.sameShape(p.shape())) {
        mismatched.add(p.name() + " expected " + Arrays.toString(p.shape()) + " got " + t.shapeString());
      }
    }
    List<String> unexpected = weights.names().stream().filter(n -> !byName.containsKey(n)).toList();
    List<String> out = new ArrayList<>();
    if (!missing.isEmpty()) {
      out.add("missing keys (" + missing.size() + "): " + String.join(", ", missing));
    }
    if (!unexpected.isEmpty()) {
      out.add("unexpected keys (" + unexpected.size() + "): " + String.join(", ", unexpected));
    }
    if (!mismatched.isEmpty()) {
      out.add("shape mismatches (" + mismatched.size() + "): " + String.join("; ", mismatched));
    }
    return out;
  }
}
