package dev.recipe.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recipe.core.prov.CodeInfo;
import dev.recipe.core.prov.GitInfo;
import dev.recipe.core.record.FileRef;
import dev.recipe.core.record.StageRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every section of RECIPE.md writes with: the run's facts, the document being built, and the
 * markdown helpers (headings, list items, "not recorded", file tables, commands). Sections extend
 * it and share one document.
 */
abstract class RecipeWriter {
  protected final RunFacts f;
  protected final List<Charts.Figure> figures;
  protected final String recipeJsonSha;
  protected final StringBuilder md;

  RecipeWriter(RunFacts facts, List<Charts.Figure> figures, String recipeJsonSha, StringBuilder md) {
    this.f = facts;
    this.figures = figures;
    this.recipeJsonSha = recipeJsonSha;
    this.md = md;
  }

  /** A writer appending to the same document as {@code other}. */
  RecipeWriter(RecipeWriter other) {
    this(other.f, other.figures, other.recipeJsonSha, other.md);
  }

  void h(int level, String title) {
    if (md.length() > 0 && !md.toString().endsWith("\n\n")) {
      md.append('\n');
    }
    md.append("#".repeat(level)).append(' ').append(title).append("\n\n");
  }

  void p(String line) {
    md.append(line).append("\n\n");
  }

  void li(String label, String value) {
    md.append("- ").append(label).append(": ").append(value).append('\n');
  }

  void endList() {
    md.append('\n');
  }

  void notRecorded(String what) {
    p("_Not recorded: " + Markdown.text(what) + "._");
  }

  /** The code part of a stage: commit, dirty state, and the exact command. */
  void code(String stage, String purpose) {
    Optional<StageRecord> rec = f.record(stage);
    if (rec.isEmpty()) {
      notRecorded("the " + stage + " stage has no record (stages/" + stage + ".json), so its code and command are unknown");
      return;
    }
    CodeInfo code = rec.get().code();
    GitInfo git = code == null ? null : code.git();
    if (git != null && git.commit() != null) {
      li("Commit (SHA-1)", Markdown.code(git.commit())
          + (git.branch() == null ? "" : " on branch " + Markdown.code(git.branch())));
    } else {
      li("Commit (SHA-1)", "not recorded" + (git == null || git.reason() == null ? "" : " (" + Markdown.text(git.reason()) + ")"));
    }
    if (git != null && git.dirty() != null) {
      li("Working tree", git.dirty()
          ? "**dirty**: uncommitted changes, diff SHA-256 "
              + (git.diffSha256() == null ? "not recorded" : Markdown.code(git.diffSha256()))
              + "; untracked files: " + (git.untracked() == null ? 0 : git.untracked().size())
          : "clean (exactly the commit above)");
    } else {
      li("Working tree", "not recorded");
    }
    if (code != null && code.version() != null) {
      li("Project version", Markdown.code(code.version()));
    }
    endList();
    if (code != null && code.command() != null) {
      // The working directory stays in the stage record; the document names no machine's path.
      p(purpose + " (run from the project root):");
      String abs = f.run().root().toAbsolutePath().normalize().toString();
      md.append(Markdown.codeBlock("bash", code.command().replace(abs, relativeRunPath()))).append('\n');
    } else {
      notRecorded("the command that ran the " + stage + " stage");
    }
  }

  /** A stage's inputs or outputs as a table. */
  void fileTable(List<FileRef> refs, boolean withSource) {
    List<List<String>> rows = new ArrayList<>();
    for (FileRef r : refs) {
      List<String> row = new ArrayList<>();
      row.add(Markdown.code(r.path() == null ? "?" : r.path()));
      if (withSource) {
        row.add(r.source() == null ? "not recorded" : Markdown.text(portableSource(r.source())));
      }
      row.add(Values.bytes(r.size()));
      row.add(r.sha256() == null ? "not recorded" : Markdown.code(r.sha256()));
      rows.add(row);
    }
    List<String> header = withSource
        ? List.of("file", "served by", "size", "SHA-256")
        : List.of("path", "size", "SHA-256 (fingerprint for directories)");
    md.append(Markdown.table(header, rows)).append('\n');
  }

  /**
   * A raw file's source as another machine can read it: a local folder is named by the spec's
   * sources and the file name, never by this machine's absolute path; Debian package paths and URLs
   * are the same everywhere.
   */
  static String portableSource(String source) {
    if (source.startsWith("local:")) {
      String path = source.substring("local:".length());
      int slash = path.lastIndexOf('/');
      return "local folder of the spec's sources: " + (slash >= 0 ? path.substring(slash + 1) : path);
    }
    return source;
  }

  /** A copy of a JSON value with every {@code source} field made portable. */
  static JsonNode withPortableSources(JsonNode n) {
    JsonNode copy = n.deepCopy();
    List<JsonNode> stack = new ArrayList<>(List.of(copy));
    while (!stack.isEmpty()) {
      JsonNode x = stack.remove(stack.size() - 1);
      if (x instanceof com.fasterxml.jackson.databind.node.ObjectNode o && o.path("source").isTextual()) {
        o.put("source", portableSource(o.path("source").asText()));
      }
      x.elements().forEachRemaining(stack::add);
    }
    return copy;
  }

  /** Every figure whose file name starts with one of the prefixes. */
  void figures(String... files) {
    boolean any = false;
    for (String file : files) {
      for (Charts.Figure fig : figures) {
        if (fig.file().equals(file)) {
          md.append(Markdown.image(fig.title(), "figures/" + fig.file())).append("\n\n");
          md.append("*").append(Markdown.text(fig.caption())).append("*\n\n");
          any = true;
        }
      }
    }
    if (!any) {
      notRecorded("dynamics plots (metrics/train.jsonl has no epoch or step lines)");
    }
  }

  static String status(Targets.Status s) {
    return switch (s) {
      case MET -> "met";
      case MISSED -> "**missed**";
      case NOT_RECORDED -> "not recorded";
    };
  }

  List<String> warningsOf(String stage) {
    return f.record(stage).map(StageRecord::warnings).orElse(List.of());
  }

  static String objectInline(JsonNode n) {
    return objectInline(n, "<br>");
  }

  static String objectInline(Map<String, ?> m, String separator) {
    return objectInline(Values.tree(m), separator);
  }

  static String objectInline(JsonNode n, String separator) {
    List<String> parts = new ArrayList<>();
    n.fields().forEachRemaining(e -> parts.add(Markdown.text(e.getKey()) + " " + Values.cell(e.getValue())));
    return parts.isEmpty() ? "—" : String.join(separator, parts);
  }

  String relativeRunPath() {
    Optional<String> wd = f.records().values().stream().findFirst()
        .map(r -> r.code() == null ? null : r.code().workingDirectory());
    Path root = f.run().root();
    // Relative to where the stage ran (with .. when the run lives elsewhere): never an absolute path.
    Path w = Path.of(wd.orElse("")).toAbsolutePath().normalize();
    Path abs = root.toAbsolutePath().normalize();
    return abs.getRoot().equals(w.getRoot()) ? w.relativize(abs).toString().replace('\\', '/') : abs.getFileName().toString();
  }
}
