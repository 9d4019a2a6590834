package dev.recipe.data.process;

import dev.recipe.core.RecipeException;
import dev.recipe.core.spec.DataSpec.ClassesSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Class filtering and remapping. {@code keep} and the keys of {@code remap} name source classes by
 * name or by id. Kept classes keep their source order; remapped targets are numbered in the order
 * their first source class appears, so the result does not depend on how the YAML lists them.
 *
 * @param newLabel source label to new label, -1 when dropped
 * @param classNames new class names by new label
 * @param classIds new class ids by new label ('+'-joined when several source classes merge)
 */
public record ClassSelection(int[] newLabel, List<String> classNames, List<String> classIds) {

  /** Applies a spec to source classes. */
  public static ClassSelection of(ClassesSpec spec, List<String> ids, List<String> names) {
    int n = ids.size();
    boolean[] kept = new boolean[n];
    if (spec.keep().isEmpty()) {
      java.util.Arrays.fill(kept, true);
    } else {
      for (String k : spec.keep()) {
        kept[find(k, ids, names, "data.classes.keep")] = true;
      }
    }
    String[] target = new String[n];
    for (int i = 0; i < n; i++) {
      target[i] = names.get(i);
    }
    for (Map.Entry<String, String> e : spec.remap().entrySet()) {
      int i = find(e.getKey(), ids, names, "data.classes.remap");
      target[i] = e.getValue();
      if (spec.keep().isEmpty()) {
        kept[i] = true;
      }
    }
    int[] newLabel = new int[n];
    Map<String, Integer> targets = new LinkedHashMap<>();
    Map<String, List<String>> members = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      if (!kept[i]) {
        newLabel[i] = -1;
        continue;
      }
      Integer l = targets.get(target[i]);
      if (l == null) {
        l = targets.size();
        targets.put(target[i], l);
        members.put(target[i], new ArrayList<>());
      }
      members.get(target[i]).add(ids.get(i));
      newLabel[i] = l;
    }
    if (targets.isEmpty()) {
      throw RecipeException.badInput("data.classes: no class is left");
    }
    return new ClassSelection(newLabel, List.copyOf(targets.keySet()),
        members.values().stream().map(m -> String.join("+", m)).toList());
  }

  private static int find(String key, List<String> ids, List<String> names, String where) {
    Map<String, Integer> lookup = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      lookup.putIfAbsent(names.get(i), i);
    }
    for (int i = 0; i < ids.size(); i++) {
      lookup.put(ids.get(i), i); // ids win over names, which may repeat (ImageNet has two "crane")
    }
    Integer i = lookup.get(key);
    if (i == null) {
      throw RecipeException.badInput(where + ": unknown class '" + key + "' (classes: "
          + (names.size() > 20 ? names.subList(0, 20) + "..." : names) + ")");
    }
    return i;
  }
}
