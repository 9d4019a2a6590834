package dev.recipe.report;

import dev.recipe.core.RecipeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks any recipe markdown, hand-written or generated, against the checklist of the
 * training-recipe guideline: the sections (matched by wording at any heading level, including
 * bold-paragraph headings as the guideline itself uses), a commit SHA-1 in every Code part,
 * complete hyperparameters, dynamics, a numeric target, timing with hardware, batch size and
 * software versions, and serialization or a reason it does not apply. Text is only matched against
 * patterns; nothing in it is followed or executed.
 */
public final class RecipeLint {

  /** How bad a finding is; {@link #ERROR} means a required item is missing. */
  public enum Severity { ERROR, WARNING, OK }

  /** One finding, at a 1-based line of the document (0 when it concerns the whole document). */
  public record Finding(int line, Severity severity, String item, String message) {}

  /** The findings on one document. */
  public record Report(String source, List<Finding> findings) {
    public long count(Severity s) {
      return findings.stream().filter(f -> f.severity() == s).count();
    }

    public boolean passed() {
      return count(Severity.ERROR) == 0;
    }

    public Optional<Finding> find(String item, Severity s) {
      return findings.stream().filter(f -> f.item().equals(item) && f.severity() == s).findFirst();
    }
  }

  /** A heading: ATX ({@code #}), setext, or a paragraph that is only bold text (level 7). */
  record Heading(int line, int level, String title) {}

  /** A matched section: its heading and the document lines up to the next heading at its level or above. */
  record Section(Heading heading, int from, int to) {
    boolean contains(Heading h) {
      return h.line() > heading.line() && h.line() - 1 < to;
    }
  }

  private static final Pattern ATX = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern BOLD = Pattern.compile("^\\s*(?:\\*\\*|__)([^*_]+?)(?:\\*\\*|__)\\s*:?\\s*$");
  private static final Pattern FENCE = Pattern.compile("^ {0,3}(```+|~~~+)");
  private static final Pattern SHA1 = Pattern.compile("(?<![0-9A-Fa-f])[0-9a-f]{40}(?![0-9A-Fa-f])");

  /** The checklist: each item names its parent, the wording that matches it, and whether it may be found outside its parent. */
  private enum Item {
    DATA(null, "\\bdata\\b", false, "Data"),
    RAW(DATA, "\\braw\\b", false, "Data / Raw data"),
    RAW_DESCRIPTION(RAW, "descri|overview|about|schema", true, "Raw data / Description"),
    RAW_PATH(RAW, "path|location|access|source|where|download|link", true, "Raw data / Path"),
    PROCESSING(DATA, "process|preparation|pipeline", false, "Data / Processing"),
    PROCESSING_DESCRIPTION(PROCESSING, "descri|overview|steps", true, "Processing / Description"),
    PROCESSING_CODE(PROCESSING, "\\bcode\\b|script|command|how to run", true, "Processing / Code"),
    PROCESSING_PATH(PROCESSING, "path|location|access|where|link", true, "Processing / Path"),
    TRAINING(null, "\\btrain", false, "Training"),
    OPTIMIZATION(TRAINING, "optimi[sz]|training method|procedure", false, "Training / Optimization"),
    OPT_DESCRIPTION(OPTIMIZATION, "descri|architecture|overview|model", true, "Optimization / Description"),
    OPT_CODE(OPTIMIZATION, "\\bcode\\b|script|command|how to run", true, "Optimization / Code"),
    HYPERPARAMETERS(OPTIMIZATION, "hyper|parameters|settings|config", true, "Optimization / Hyperparameters"),
    DYNAMICS(OPTIMIZATION, "dynamic|curve|progress|training log", true, "Optimization / Dynamics"),
    OUTPUTS(OPTIMIZATION, "output|artifact|checkpoint|weights|trained model", true, "Optimization / Outputs"),
    PERFORMANCE(TRAINING, "perform|metric|evaluat|result", false, "Performance metrics"),
    TARGETS(PERFORMANCE, "target|metric|result|accura", true, "Performance metrics / Targets"),
    PERF_CODE(PERFORMANCE, "\\bcode\\b|script|command|how to run", true, "Performance metrics / Code"),
    INFERENCE(null, "infer|deploy|serving|predict", false, "Inference"),
    INF_CODE(INFERENCE, "\\bcode\\b|script|example|usage|how to run", true, "Inference / Code"),
    TIMING(INFERENCE, "timing|latency|speed|benchmark|throughput", true, "Inference / Timing"),
    SERIALIZATION(INFERENCE, "seriali|export|onnx|format", true, "Inference / Serialization"),
    MISC(null, "misc|notes|remarks|other|additional", false, "Miscellaneous");

    final Item parent;
    final Pattern wording;
    final boolean strict;
    final String label;

    Item(Item parent, String wording, boolean strict, String label) {
      this.parent = parent;
      this.wording = Pattern.compile(wording);
      this.strict = strict;
      this.label = label;
    }
  }

  private final List<String> lines;
  private final List<Heading> headings;
  private final List<Finding> findings = new ArrayList<>();
  private final Map<Item, Section> found = new EnumMap<>(Item.class);

  private RecipeLint(List<String> lines) {
    this.lines = lines;
    this.headings = headings(lines);
  }

  /** Lints a markdown file; an unreadable file is bad input. */
  public static Report lint(Path file) {
    try {
      return lint(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw RecipeException.badInput("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Lints markdown text; {@code source} names it in the report. */
  public static Report lint(String source, String markdown) {
    RecipeLint l = new RecipeLint(markdown.lines().toList());
    l.run();
    List<Finding> sorted = new ArrayList<>(l.findings);
    sorted.sort(Comparator.comparingInt(Finding::line));
    return new Report(source, List.copyOf(sorted));
  }

  private void run() {
    for (Item item : Item.values()) {
      locate(item);
    }
    codeHasCommit(Item.PROCESSING_CODE, Severity.ERROR);
    codeHasCommit(Item.OPT_CODE, Severity.ERROR);
    codeHasCommit(Item.PERF_CODE, Severity.ERROR);
    // The guideline asks for a SHA-1 in the data, training and evaluation Code parts; for the
    // inference example it asks for runnable code, so a missing commit there is only a warning.
    codeHasCommit(Item.INF_CODE, Severity.WARNING);
    requireAll(Item.HYPERPARAMETERS, Map.of(
        "batch size", "batch",
        "devices / GPUs", "\\bgpus?\\b|device|\\bcpus?\\b|\\btpus?\\b|\\bnodes?\\b|worker",
        "optimizer", "\\bsgd\\b|adam|rmsprop|adagrad|\\blamb\\b|\\blars\\b|optimi[sz]er|momentum",
        "learning-rate schedule", "learning[- ]rate|\\blr\\b|schedul|decay|warm-?up|cosine"), Severity.ERROR);
    requireAll(Item.HYPERPARAMETERS, Map.of(
        "weight decay / regularization", "weight[- ]decay|regulari|l2",
        "data augmentation", "augment|flip|crop|none"), Severity.WARNING);
    requireAll(Item.DYNAMICS, Map.of(
        "total training time", "\\btime\\b|takes|hours?|minutes?|\\bdays?\\b|\\d\\s*(h|min|s)\\b",
        "a plot or figures", "!\\[|\\d"), Severity.WARNING);
    requireAll(Item.OUTPUTS, Map.of("a path or link", "`|/|https?:|hdfs:|s3:"), Severity.WARNING);
    requireAll(Item.TARGETS, Map.of(
        "a target number", "\\d+(\\.\\d+)?\\s*%|\\b\\d*\\.\\d+\\b"), Severity.ERROR);
    requireAll(Item.TARGETS, Map.of(
        "a metric name", "accura|top-?\\s?\\d|\\bmap\\b|bleu|precision|recall|\\bf1\\b|error|loss|\\bauc\\b|\\biou\\b"),
        Severity.WARNING);
    requireAll(Item.TIMING, Map.of(
        "hardware", "\\bgpus?\\b|\\bcpus?\\b|v100|a100|h100|\\bt4\\b|xeon|epyc|core i\\d|ryzen|tesla|nvidia|intel|\\bamd\\b"
            + "|\\barm\\b|apple m\\d|graviton|\\btpu|instance",
        "batch size", "batch",
        "software versions", "(tensorflow|pytorch|torch|djl|onnx|cuda|cudnn|java|jdk|python|caffe|mxnet|tensorrt"
            + "|openvino|keras|jax)[^\\n]{0,24}?\\bv?\\d+(\\.\\d+)+"), Severity.ERROR);
    requireAll(Item.TIMING, Map.of(
        "a measured time", "\\d\\s*(ms|s|sec|seconds?|milliseconds?|µs|us|images/s|img/s|fps)\\b|\\bms\\b|latency"),
        Severity.WARNING);
    requireAll(Item.PROCESSING_DESCRIPTION, Map.of("how the test set is built", "\\btest"), Severity.WARNING);
    serialization();
    findings.addAll(CompletenessChecks.check(lines));
  }

  // ---------------------------------------------------------------- structure

  private void locate(Item item) {
    Section parent = item.parent == null ? null : found.get(item.parent);
    if (item.parent != null && parent == null && item.strict) {
      return; // the parent's absence is already reported; its parts cannot be located
    }
    Optional<Section> s = search(item, parent);
    if (s.isEmpty() && parent != null && !item.strict) {
      s = search(item, null); // sections may sit at another level than the guideline's
    }
    if (s.isEmpty()) {
      int at = parent == null ? 0 : parent.heading().line();
      add(at, Severity.ERROR, item, "missing section \"" + item.label + "\"");
      return;
    }
    Section sec = s.get();
    found.put(item, sec);
    if (item.strict && content(sec).isBlank()) {
      add(sec.heading().line(), Severity.ERROR, item, "section \"" + item.label + "\" is empty");
    } else {
      add(sec.heading().line(), Severity.OK, item, "section present: \"" + sec.heading().title() + "\"");
    }
  }

  /** The highest-level heading inside {@code parent} (or anywhere) whose wording matches. */
  private Optional<Section> search(Item item, Section parent) {
    Heading best = null;
    for (Heading h : headings) {
      if (parent != null && !parent.contains(h)) {
        continue;
      }
      if (isTitle(h) || !item.wording.matcher(h.title().toLowerCase(Locale.ROOT)).find()) {
        continue;
      }
      if (excluded(item, h) || claimed(h)) {
        continue;
      }
      if (best == null || h.level() < best.level()) {
        best = h;
      }
    }
    return Optional.ofNullable(best).map(this::section);
  }

  /** "Data processing" is not the Data section, "Training" is not the title "Train ResNet-50...". */
  private static boolean excluded(Item item, Heading h) {
    String t = h.title().toLowerCase(Locale.ROOT);
    return switch (item) {
      case DATA -> t.contains("raw") || t.contains("process") || t.contains("augment");
      case TRAINING -> t.contains("optimi") || t.contains("data");
      case PERFORMANCE -> t.contains("target");
      default -> false;
    };
  }

  /** A heading already matched as another item is not matched twice. */
  private boolean claimed(Heading h) {
    return found.values().stream().anyMatch(s -> s.heading().equals(h));
  }

  /** The document title: the only level-1 heading, when it comes first. */
  private boolean isTitle(Heading h) {
    long h1 = headings.stream().filter(x -> x.level() == 1).count();
    return h.level() == 1 && h1 == 1 && headings.get(0).equals(h);
  }

  private Section section(Heading h) {
    int to = lines.size();
    for (Heading n : headings) {
      if (n.line() > h.line() && n.level() <= h.level()) {
        to = n.line() - 1;
        break;
      }
    }
    return new Section(h, h.line(), to);
  }

  /** The text of a section below its heading (0-based line range [heading line, to)). */
  private String content(Section s) {
    return String.join("\n", lines.subList(s.from(), Math.max(s.from(), s.to())));
  }

  static List<Heading> headings(List<String> lines) {
    List<Heading> out = new ArrayList<>();
    boolean inFence = false;
    String fence = "";
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher fm = FENCE.matcher(line);
      if (fm.find()) {
        String marker = fm.group(1);
        if (!inFence) {
          inFence = true;
          fence = marker;
        } else if (marker.charAt(0) == fence.charAt(0) && marker.length() >= fence.length()) {
          inFence = false;
        }
        continue;
      }
      if (inFence) {
        continue;
      }
      Matcher m = ATX.matcher(line);
      if (m.matches()) {
        out.add(new Heading(i + 1, m.group(1).length(), m.group(2).strip()));
        continue;
      }
      Matcher b = BOLD.matcher(line);
      if (b.matches()) {
        out.add(new Heading(i + 1, 7, b.group(1).strip()));
        continue;
      }
      if (i + 1 < lines.size() && !line.isBlank() && !line.startsWith(" ") && !line.startsWith("-")
          && !line.startsWith("*") && !line.startsWith("|")) {
        String next = lines.get(i + 1).strip();
        if (next.matches("=+")) {
          out.add(new Heading(i + 1, 1, line.strip()));
        } else if (next.matches("-{3,}") && (i == 0 || lines.get(i - 1).isBlank())) {
          out.add(new Heading(i + 1, 2, line.strip()));
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- content checks

  private void codeHasCommit(Item item, Severity whenMissing) {
    Section s = found.get(item);
    if (s == null) {
      return;
    }
    Optional<int[]> hit = firstMatch(s, SHA1);
    if (hit.isPresent()) {
      add(hit.get()[0], Severity.OK, item, "commit SHA-1 " + lines.get(hit.get()[0] - 1)
          .substring(hit.get()[1], hit.get()[1] + 40));
    } else {
      add(s.heading().line(), whenMissing, item, "no git commit SHA-1 (40 hex digits) in \"" + item.label + "\"");
    }
  }

  private void requireAll(Item item, Map<String, String> what, Severity whenMissing) {
    Section s = found.get(item);
    if (s == null) {
      return;
    }
    what.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      Optional<int[]> hit = firstMatch(s, Pattern.compile(e.getValue(), Pattern.CASE_INSENSITIVE));
      if (hit.isPresent()) {
        add(hit.get()[0], Severity.OK, item, e.getKey() + " stated");
      } else {
        add(s.heading().line(), whenMissing, item, "\"" + item.label + "\" does not state " + e.getKey());
      }
    });
  }

  private void serialization() {
    Section s = found.get(Item.SERIALIZATION);
    if (s == null) {
      return;
    }
    Pattern notApplicable = Pattern.compile(
        "not applicable|\\bn/a\\b|does not apply|not required|not needed|not deployed|no serialization|not exported",
        Pattern.CASE_INSENSITIVE);
    Optional<int[]> na = firstMatch(s, notApplicable);
    if (na.isPresent()) {
      String rest = notApplicable.matcher(content(s)).replaceAll(" ").replaceAll("[^A-Za-z]+", " ").strip();
      if (rest.split("\\s+").length >= 4) {
        add(na.get()[0], Severity.OK, Item.SERIALIZATION, "not applicable, with a reason");
      } else {
        add(na.get()[0], Severity.ERROR, Item.SERIALIZATION, "\"not applicable\" without a reason");
      }
      return;
    }
    requireAll(Item.SERIALIZATION, Map.of(
        "the serialized format", "onnx|tflite|torchscript|savedmodel|safetensors|coreml|openvino|tensorrt"),
        Severity.WARNING);
    Optional<int[]> sha = firstMatch(s, SHA1);
    if (sha.isPresent()) {
      add(sha.get()[0], Severity.OK, Item.SERIALIZATION, "commit SHA-1 stated");
    } else {
      add(s.heading().line(), Severity.WARNING, Item.SERIALIZATION,
          "no git commit SHA-1 for the serialization code (the guideline asks for one)");
    }
  }

  /** 1-based line and column of the first match inside a section's content. */
  private Optional<int[]> firstMatch(Section s, Pattern p) {
    for (int i = s.from(); i < s.to(); i++) {
      Matcher m = p.matcher(lines.get(i));
      if (m.find()) {
        return Optional.of(new int[] {i + 1, m.start()});
      }
    }
    return Optional.empty();
  }

  private void add(int line, Severity sev, Item item, String message) {
    findings.add(new Finding(line, sev, item.name().toLowerCase(Locale.ROOT).replace('_', '-'), message));
  }

  /** The report as lines {@code source:LINE: severity [item] message}, with a summary. */
  public static String format(Report r, boolean withPasses) {
    StringBuilder sb = new StringBuilder();
    for (Finding f : r.findings()) {
      if (f.severity() == Severity.OK && !withPasses) {
        continue;
      }
      sb.append(r.source()).append(':').append(f.line()).append(": ")
          .append(f.severity().name().toLowerCase(Locale.ROOT)).append(" [").append(f.item()).append("] ")
          .append(f.message()).append('\n');
    }
    sb.append(String.format(Locale.ROOT, "%s: %d error(s), %d warning(s), %d check(s) passed: %s%n",
        r.source(), r.count(Severity.ERROR), r.count(Severity.WARNING), r.count(Severity.OK),
        r.passed() ? "PASS" : "FAIL"));
    return sb.toString();
  }
}
