package dev.recipe.data.process;

import dev.recipe.core.random.SeededRandom;
import dev.recipe.core.spec.DataSpec.Balance;
import dev.recipe.data.raw.RawItem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The stratified, seeded train/val split, per-class caps and class balancing. Every function keeps
 * the selected items in their source order, so the stored order does not depend on the seed's
 * permutation, only the membership does.
 */
public final class Splitter {
  /** How {@link #split} and {@link #balance} choose, as pseudo-code for the recipe. */
  public static final String ALGORITHM = """
      g = generator(splitSeed, "split")           # one generator for all classes
      for class c = 0, 1, ..., K - 1:             # labels after filtering and remapping
          items = the training items of class c, in source order (m of them)
          p = g.permutation(m)
          v = floor(m * valFraction + 0.5)        # double-precision product
          validation gets items[p[0]], ..., items[p[v - 1]]; training the others
          with limitPerClass L: validation keeps items[p[k]] for k < min(v, L),
                                training keeps items[p[k]] for v <= k < v + L
      both splits are stored in source order (only membership depends on the seed)
      the test split is the official one, all its items in source order, or with
          limitPerClass L the first L of each class; when the dataset has an official
          validation split nothing is drawn: train and validation are taken like the test split
      balance undersample/oversample (when set): a second generator(splitSeed, "balance"),
          per class c in label order p = permutation(m), item p[k mod m] gets one copy
          for k = 0 .. target - 1 (target the smallest or largest class size)
      """;

  private Splitter() {}

  /**
   * A train/val split.
   *
   * @param train items kept for training
   * @param val items held out
   */
  public record Split(List<RawItem> train, List<RawItem> val) {}

  /**
   * Holds out {@code round(n_c * valFraction)} items of each class c, chosen by a seeded permutation
   * of the class's items (classes in label order, one generator); {@code limitPerClass} then caps
   * each class in each part (taking the first of the same permutation).
   */
  public static Split split(
      List<RawItem> items, int numClasses, double valFraction, Integer limitPerClass, long seed) {
    List<List<Integer>> byClass = byClass(items, numClasses);
    SeededRandom rng = SeededRandom.derive(seed, "split");
    boolean[] isVal = new boolean[items.size()];
    boolean[] keep = new boolean[items.size()];
    for (List<Integer> members : byClass) {
      int[] perm = rng.permutation(members.size());
      int nVal = (int) Math.round(members.size() * valFraction);
      int cap = limitPerClass == null ? Integer.MAX_VALUE : limitPerClass;
      for (int k = 0; k < perm.length; k++) {
        int idx = members.get(perm[k]);
        boolean val = k < nVal;
        isVal[idx] = val;
        keep[idx] = val ? k < cap : k - nVal < cap;
      }
    }
    List<RawItem> train = new ArrayList<>();
    List<RawItem> val = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (keep[i]) {
        (isVal[i] ? val : train).add(items.get(i));
      }
    }
    return new Split(train, val);
  }

  /** The first {@code limit} items of each class, in order. */
  public static List<RawItem> limit(List<RawItem> items, int numClasses, int limit) {
    int[] taken = new int[numClasses];
    List<RawItem> out = new ArrayList<>();
    for (RawItem it : items) {
      if (taken[it.label()]++ < limit) {
        out.add(it);
      }
    }
    return out;
  }

  /**
   * Balances classes. Undersample: every class keeps a seeded random subset of the smallest class's
   * size. Oversample: every class is filled up to the largest class's size by repeating its items
   * in a seeded random order (each item at most once more than any other). Classes without items
   * are ignored.
   */
  public static List<RawItem> balance(List<RawItem> items, int numClasses, Balance mode, long seed) {
    if (mode == Balance.NONE) {
      return items;
    }
    List<List<Integer>> byClass = byClass(items, numClasses);
    int[] sizes = byClass.stream().mapToInt(List::size).filter(s -> s > 0).toArray();
    if (sizes.length == 0) {
      return items;
    }
    int target = mode == Balance.UNDERSAMPLE
        ? Arrays.stream(sizes).min().getAsInt() : Arrays.stream(sizes).max().getAsInt();
    SeededRandom rng = SeededRandom.derive(seed, "balance");
    int[] copies = new int[items.size()];
    for (List<Integer> members : byClass) {
      if (members.isEmpty()) {
        continue;
      }
      int[] perm = rng.permutation(members.size());
      for (int k = 0; k < target; k++) {
        copies[members.get(perm[k % perm.length])]++; // wraps around only when oversampling
      }
    }
    List<RawItem> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      for (int c = 0; c < copies[i]; c++) {
        out.add(items.get(i));
      }
    }
    return out;
  }

  /** Item indices per class, in source order. */
  static List<List<Integer>> byClass(List<RawItem> items, int numClasses) {
    List<List<Integer>> out = new ArrayList<>();
    for (int c = 0; c < numClasses; c++) {
      out.add(new ArrayList<>());
    }
    for (int i = 0; i < items.size(); i++) {
      out.get(items.get(i).label()).add(i);
    }
    return out;
  }
}
