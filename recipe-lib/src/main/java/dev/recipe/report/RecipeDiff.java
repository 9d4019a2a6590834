package dev.recipe.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recipe.core.run.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * {@code recipe diff}: two runs or recipes side by side, field by field, grouped into spec, code,
 * data, environment, metrics and other facts, with the volatile fields (times, hosts, throughput,
 * where the run lived) in their own group, so two faithful runs differ only there.
 */
public final class RecipeDiff {
  /** Where a field belongs. */
  public enum Group {
    SPEC("Spec"), CODE("Code"), DATA("Data fingerprints and files"), ENVIRONMENT("Environment"),
    METRICS("Metrics"), OTHER("Parameters, details and warnings"), VOLATILE("Volatile (expected to differ)");

    final String title;

    Group(String title) {
      this.title = title;
    }
  }

  /** One differing field; an absent side is {@code null}. */
  public record Change(String field, String a, String b) {}

  /** All differences, by group. */
  public record Report(String a, String b, Map<Group, List<Change>> changes, int fieldsCompared) {
    public int nonVolatile() {
      return changes.entrySet().stream().filter(e -> e.getKey() != Group.VOLATILE)
          .mapToInt(e -> e.getValue().size()).sum();
    }

    public int volatileCount() {
      return changes.getOrDefault(Group.VOLATILE, List.of()).size();
    }

    public String format() {
      StringBuilder sb = new StringBuilder();
      sb.append("A: ").append(a).append('\n').append("B: ").append(b).append("\n\n");
      for (Group g : Group.values()) {
        List<Change> cs = changes.getOrDefault(g, List.of());
        sb.append("== ").append(g.title).append(": ")
            .append(cs.isEmpty() ? "identical" : cs.size() + " difference(s)").append('\n');
        if (!cs.isEmpty()) {
          TextTable t = new TextTable(70, "field", "A", "B");
          cs.forEach(c -> t.row(c.field(), c.a() == null ? "(absent)" : c.a(), c.b() == null ? "(absent)" : c.b()));
          sb.append(t);
        }
        sb.append('\n');
      }
      sb.append(String.format(Locale.ROOT, "%d field(s) compared: %d non-volatile difference(s), %d volatile.%n",
          fieldsCompared, nonVolatile(), volatileCount()));
      return sb.toString();
    }
  }

  private static final Pattern VOLATILE_KEY = Pattern.compile(
      "seconds|secs|persecond|latency|throughput|duration|elapsed|millis|timestamp|hostname|^host$|^user$"
          + "|^start$|^end$|^time$|time$");
  private static final Pattern MILLIS_SUFFIX = Pattern.compile(".*[a-z0-9]Ms$|^ms$");
  private static final List<String> ARRAY_KEYS = List.of(
      "path", "name", "stage", "epoch", "backend", "batchSize", "batch", "role");

  private RecipeDiff() {}

  /**
   * Loads one side: a run directory (its records, as {@code render} would seal them) or a
   * {@code recipe.json} file; a directory without records falls back to its {@code recipe.json}.
   */
  public static JsonNode load(Path p) {
    if (Files.isDirectory(p) && Files.isDirectory(RunDirectory.of(p).stages())) {
      return RecipeJson.build(RunFacts.load(RunDirectory.of(p)));
    }
    return RecipeJson.read(p);
  }

  public static Report compare(Path a, Path b) {
    return compare(a.toString(), load(a), b.toString(), load(b));
  }

  public static Report compare(String nameA, JsonNode a, String nameB, JsonNode b) {
    Map<String, String> fa = flatten(a);
    Map<String, String> fb = flatten(b);
    TreeSet<String> keys = new TreeSet<>(fa.keySet());
    keys.addAll(fb.keySet());
    Map<Group, List<Change>> changes = new EnumMap<>(Group.class);
    for (String k : keys) {
      if (k.startsWith("stages.") && (k.endsWith(".specSha256") || k.endsWith(".recordSha256"))) {
        // a record's own seal also covers its volatile timing, so it differs between faithful runs
        // and a stage's spec hash restates the spec, which is compared key by key under "Spec"
        continue;
      }
      String va = fa.get(k);
      String vb = fb.get(k);
      if (va == null ? vb != null : !va.equals(vb)) {
        changes.computeIfAbsent(classify(k), g -> new ArrayList<>()).add(new Change(k, va, vb));
      }
    }
    return new Report(nameA, nameB, changes, keys.size());
  }

  /**
   * Leaf values by dotted path. The run's own location is replaced by {@code RUN_DIR} in every
   * string (absolute, or relative to the recorded working directory as commands show it), so a
   * faithful re-run in another directory compares equal.
   */
  static Map<String, String> flatten(JsonNode doc) {
    JsonNode recorded = doc.path("volatileInfo").path("runDirectory");
    Optional<String> root = recorded.isTextual() ? Optional.of(recorded.asText()) : Optional.empty();
    List<Pattern> locations = new ArrayList<>();
    root.ifPresent(r -> {
      TreeSet<String> forms = new TreeSet<>(java.util.Comparator.comparingInt(String::length).reversed()
          .thenComparing(java.util.Comparator.naturalOrder()));
      forms.add(r);
      RecipeDocument.of(doc).stages().values().stream()
          .map(st -> st.code() == null ? null : st.code().workingDirectory())
          .filter(java.util.Objects::nonNull).forEach(wd -> {
        Path w = Path.of(wd);
        Path rp = Path.of(r);
        if (rp.startsWith(w) && !rp.equals(w)) {
          forms.add(w.relativize(rp).toString().replace('\\', '/'));
        }
      });
      forms.forEach(f -> locations.add(Pattern.compile("(?<![\\w.-])" + Pattern.quote(f) + "(?![\\w.-])")));
    });
    Map<String, String> out = new TreeMap<>();
    var it = doc.fields();
    while (it.hasNext()) {
      var e = it.next();
      if (!e.getKey().equals(RecipeJson.HASH_FIELD)) {
        walk(e.getKey(), e.getValue(), locations, out);
      }
    }
    root.ifPresent(r -> out.put("volatileInfo.runDirectory", r));
    return out;
  }

  private static void walk(String path, JsonNode n, List<Pattern> locations, Map<String, String> out) {
    if (n.isObject()) {
      var it = n.fields();
      while (it.hasNext()) {
        var e = it.next();
        walk(path + "." + e.getKey(), e.getValue(), locations, out);
      }
    } else if (n.isArray()) {
      List<String> names = new ArrayList<>();
      for (int i = 0; i < n.size(); i++) {
        names.add(elementKey(n.get(i), i));
      }
      boolean unique = new TreeSet<>(names).size() == names.size();
      for (int i = 0; i < n.size(); i++) {
        walk(path + "[" + (unique ? names.get(i) : String.valueOf(i)) + "]", n.get(i), locations, out);
      }
    } else {
      String v = n.isNull() ? "null" : n.asText();
      for (Pattern p : locations) {
        v = p.matcher(v).replaceAll("RUN_DIR");
      }
      out.put(path, v);
    }
  }

  /**
   * Array elements keyed by their naming fields when they have them (a file's path, an epoch, a
   * backend and batch size), so an insertion does not shift every row; by index otherwise.
   */
  private static String elementKey(JsonNode e, int index) {
    List<String> parts = new ArrayList<>();
    if (e.isObject()) {
      for (String k : ARRAY_KEYS) {
        if (e.path(k).isValueNode() && !e.path(k).isNull()) {
          parts.add(k + "=" + e.path(k).asText());
        }
      }
    }
    return parts.isEmpty() ? String.valueOf(index) : String.join(",", parts);
  }

  static Group classify(String path) {
    String[] parts = path.split("\\.");
    String leaf = parts[parts.length - 1].replaceAll("\\[.*$", "");
    String top = parts[0].replaceAll("\\[.*$", "");
    if (top.equals("volatileInfo") || path.contains(".volatileInfo.") || path.endsWith(".code.workingDirectory")) {
      return Group.VOLATILE;
    }
    if (leaf.equals("RECIPE_NATIVE_LOAD")) {
      // the launcher's reading of the machine's load at start ("idle: 0.05 cores in use"); the
      // policy it chose is recorded under its own variable, and neither changes a result
      return Group.VOLATILE;
    }
    if (path.contains("[path=metrics/train.jsonl]")) {
      // The dynamics log holds per-step timings, so its bytes differ between faithful runs; its
      // losses and accuracies are compared field by field under "dynamics".
      return Group.VOLATILE;
    }
    if (top.equals("spec")) {
      return Group.SPEC;
    }
    if (top.equals("stages") && parts.length > 2) {
      String part = parts[2].replaceAll("\\[.*$", "");
      switch (part) {
        case "code":
          return Group.CODE;
        case "environment":
          return Group.ENVIRONMENT;
        case "inputs", "outputs":
          return Group.DATA;
        default:
          break;
      }
      if (timing(leaf)) {
        return Group.VOLATILE;
      }
      return part.equals("metrics") ? Group.METRICS : Group.OTHER;
    }
    if (top.equals("dataset")) {
      return Group.DATA;
    }
    if (top.equals("dynamics") || top.equals("evalMetrics")) {
      return timing(leaf) ? Group.VOLATILE : Group.METRICS;
    }
    return Group.OTHER;
  }

  private static boolean timing(String key) {
    return MILLIS_SUFFIX.matcher(key).matches() || VOLATILE_KEY.matcher(key.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "")).find();
  }
}
