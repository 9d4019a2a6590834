package dev.recipe.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Optional;

/**
 * Tolerant look-ups in recorded JSON: stage owners choose their own metric and detail keys, so the
 * renderer asks for a value under several candidate dotted paths and gets "absent" rather than an
 * exception when none is there.
 */
final class Facts {
  private Facts() {}

  /** The node at a dotted path ({@code "metrics.top1"}), or a missing node. */
  static JsonNode at(JsonNode root, String dotted) {
    JsonNode n = root == null ? MissingNode.getInstance() : root;
    for (String key : dotted.split("\\.")) {
      n = n.path(key);
    }
    return n;
  }

  /** The first present, non-null node among the candidate paths. */
  static Optional<JsonNode> first(JsonNode root, String... dottedPaths) {
    for (String p : dottedPaths) {
      JsonNode n = at(root, p);
      if (present(n)) {
        return Optional.of(n);
      }
    }
    return Optional.empty();
  }

  static Optional<String> text(JsonNode root, String... dottedPaths) {
    return first(root, dottedPaths).filter(JsonNode::isValueNode).map(JsonNode::asText);
  }

  static Optional<Double> number(JsonNode root, String... dottedPaths) {
    for (String p : dottedPaths) {
      JsonNode n = at(root, p);
      if (n.isNumber()) {
        return Optional.of(n.asDouble());
      }
      if (n.isTextual()) {
        try {
          return Optional.of(Double.parseDouble(n.asText()));
        } catch (NumberFormatException e) {
          // not a number: try the next candidate
        }
      }
    }
    return Optional.empty();
  }

  static boolean present(JsonNode n) {
    return n != null && !n.isMissingNode() && !n.isNull();
  }

  /** A key normalized for matching across naming styles: {@code top-1}, {@code top1}, {@code Top1}. */
  static String normalize(String key) {
    return key.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  /**
   * A numeric field of {@code obj} whose key, normalized, equals {@code name} or {@code name}
   * followed by "accuracy" (so target "top1" finds "top1", "top1Accuracy", "top-1").
   */
  static Optional<Double> numberNamed(JsonNode obj, String name) {
    if (obj == null || !obj.isObject()) {
      return Optional.empty();
    }
    String want = normalize(name);
    var it = obj.fields();
    while (it.hasNext()) {
      var e = it.next();
      String k = normalize(e.getKey());
      if ((k.equals(want) || k.equals(want + "accuracy") || k.equals(want + "acc"))
          && e.getValue().isNumber()) {
        return Optional.of(e.getValue().asDouble());
      }
    }
    return Optional.empty();
  }
}
