package dev.recipe.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Formats recorded values for people: numbers with sensible precision, byte sizes, and arbitrary
 * JSON (whose shape the stage owner chose) as markdown tables, so nothing recorded is unrenderable.
 */
final class Values {
  private static final int MAX_ROWS = 200;
  private static final int MAX_JSON = 2000;

  private Values() {}

  /** A number with four significant digits (integers exactly). */
  static String num(double v) {
    if (!Double.isFinite(v)) {
      return String.valueOf(v);
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.valueOf((long) v);
    }
    return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }

  static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
  }

  static String bytes(long n) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0 ? n + " B" : String.format(Locale.ROOT, "%.1f %s (%,d bytes)", v, units[u], n);
  }

  static String seconds(double s) {
    if (s < 120) {
      return String.format(Locale.ROOT, "%.1f s", s);
    }
    long t = Math.round(s);
    return String.format(Locale.ROOT, "%d h %02d min %02d s (%.0f s)", t / 3600, (t / 60) % 60, t % 60, s);
  }

  /** A recorded value (a record, list, map or scalar) as {@link #cell(JsonNode)} shows its JSON. */
  static String cell(Object value) {
    return cell(tree(value));
  }

  /** A recorded value as {@link #block(JsonNode)} shows its JSON. */
  static String block(Object value) {
    return block(tree(value));
  }

  /** A spec value's JSON in the spec's own order, as {@code spec.resolved.yaml} has it. */
  static JsonNode inSpecOrder(Object value) {
    return value == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
        : dev.recipe.core.io.Json.json().valueToTree(value);
  }

  /** A value's JSON with object keys sorted, as the record files store it. */
  static JsonNode tree(Object value) {
    return value == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
        : value instanceof JsonNode n ? n : dev.recipe.core.io.Json.sortKeys(dev.recipe.core.io.Json.json().valueToTree(value));
  }

  private static boolean present(JsonNode n) {
    return n != null && !n.isMissingNode() && !n.isNull();
  }

  /** A scalar as escaped markdown text; other nodes as inline compact JSON in a code span. */
  static String cell(JsonNode n) {
    if (!present(n)) {
      return "—";
    }
    if (n.isNumber()) {
      return num(n.asDouble());
    }
    if (n.isValueNode()) {
      return Markdown.text(n.asText());
    }
    if (n.isArray() && allScalars(n)) {
      List<String> parts = new ArrayList<>();
      n.forEach(e -> parts.add(cell(e)));
      return String.join(", ", parts);
    }
    String json = n.toString();
    return Markdown.code(json.length() > 300 ? json.substring(0, 300) + "…" : json);
  }

  /** Any recorded value as markdown: a table when it has a tabular shape, else a JSON block. */
  static String block(JsonNode n) {
    if (!present(n)) {
      return "";
    }
    if (n.isValueNode() || (n.isArray() && allScalars(n))) {
      return cell(n) + "\n";
    }
    if (n.isArray() && allObjects(n)) {
      Set<String> cols = new LinkedHashSet<>();
      n.forEach(e -> e.fieldNames().forEachRemaining(cols::add));
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode e : n) {
        if (rows.size() == MAX_ROWS) {
          break;
        }
        List<String> r = new ArrayList<>();
        cols.forEach(c -> r.add(cell(e.path(c))));
        rows.add(r);
      }
      List<String> header = cols.stream().map(Markdown::text).toList();
      return Markdown.table(header, rows) + more(n.size());
    }
    if (n.isObject() && allScalars(n)) {
      List<List<String>> rows = new ArrayList<>();
      n.fields().forEachRemaining(e -> rows.add(List.of(Markdown.text(e.getKey()), cell(e.getValue()))));
      return Markdown.table(List.of("key", "value"), rows.subList(0, Math.min(rows.size(), MAX_ROWS)))
          + more(n.size());
    }
    if (n.isObject() && allObjects(n)) {
      Set<String> cols = new LinkedHashSet<>();
      n.forEach(e -> e.fieldNames().forEachRemaining(cols::add));
      List<List<String>> rows = new ArrayList<>();
      n.fields().forEachRemaining(e -> {
        if (rows.size() < MAX_ROWS) {
          List<String> r = new ArrayList<>();
          r.add(Markdown.text(e.getKey()));
          cols.forEach(c -> r.add(cell(e.getValue().path(c))));
          rows.add(r);
        }
      });
      List<String> header = new ArrayList<>();
      header.add("");
      cols.forEach(c -> header.add(Markdown.text(c)));
      return Markdown.table(header, rows) + more(n.size());
    }
    String json = n.toPrettyString();
    return Markdown.codeBlock("json", json.length() > MAX_JSON ? json.substring(0, MAX_JSON) + "\n…" : json);
  }

  private static String more(int size) {
    return size > MAX_ROWS ? "\n(" + (size - MAX_ROWS) + " more rows in recipe.json)\n" : "";
  }

  private static boolean allScalars(JsonNode n) {
    for (JsonNode e : n) {
      if (!e.isValueNode()) {
        return false;
      }
    }
    return true;
  }

  private static boolean allObjects(JsonNode n) {
    if (n.isEmpty()) {
      return false;
    }
    for (JsonNode e : n) {
      if (!e.isObject()) {
        return false;
      }
    }
    return true;
  }
}
