package dev.recipe.core.io;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * A check value for a list of items (sample ids, an epoch's order): the SHA-256 of the items in
 * order, each as UTF-8 followed by one {@code \n}, with the count and the first few items. The
 * format is that simple on purpose, so anyone can recompute it with {@code sha256sum} or three
 * lines of any language. Not thread-safe.
 */
public final class ListDigest {
  private final MessageDigest md = Hashing.sha256Digest();
  private final List<String> first = new ArrayList<>();
  private final int keepFirst;
  private long count;

  /** @param keepFirst how many leading items to keep for the human-readable part */
  public ListDigest(int keepFirst) {
    this.keepFirst = keepFirst;
  }

  public ListDigest add(String item) {
    md.update((item + "\n").getBytes(StandardCharsets.UTF_8));
    if (first.size() < keepFirst) {
      first.add(item);
    }
    count++;
    return this;
  }

  /** The digest of {@code 0..n-1} positions in the given order. */
  public static ListDigest ofPositions(int[] order, int keepFirst) {
    ListDigest d = new ListDigest(keepFirst);
    for (int p : order) {
      d.add(Integer.toString(p));
    }
    return d;
  }

  /**
   * A list's check value as a stage record stores it.
   *
   * @param count the number of items
   * @param sha256 SHA-256 of the items in order, each followed by {@code \n}
   * @param first the first few items
   */
  public record Check(long count, String sha256, List<String> first) {
    public Check {
      first = List.copyOf(first);
    }
  }

  /** The check value of the items added so far. Ends the digest. */
  public Check result() {
    return new Check(count, Hashing.hex(md.digest()), first);
  }
}
