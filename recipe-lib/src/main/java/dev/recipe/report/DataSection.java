package dev.recipe.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The "Data" section of RECIPE.md: the dataset, its raw files and sources, and the processing
 * steps with their counts.
 */
final class DataSection extends RecipeWriter {
  private static final int MAX_CLASSES_LISTED = 30;

  DataSection(RecipeWriter document) {
    super(document);
  }

  void data() {
    h(2, "Data");
    h(3, "Raw data");
    h(4, "Description");
    JsonNode data = spec("data");
    if (!Facts.present(data)) {
      notRecorded("the data section of the spec (spec.resolved.yaml)");
    } else {
      specText("data.description").filter(s -> !s.isBlank()).ifPresent(d -> p(Markdown.text(d)));
      li("Dataset", Markdown.code(specText("data.dataset").orElse("?")));
      specText("data.format").ifPresent(v -> li("Raw format", Markdown.code(v)));
      specText("data.license").ifPresent(v -> li("License", Markdown.text(v)));
      specText("data.homepage").ifPresent(v -> li("Homepage", Markdown.text(v)));
      endList();
    }
    classList();
    keyed("prepare", "raw").ifPresent(e -> {
      p("Raw data as read by the prepare stage (`" + Markdown.text(e.getKey()) + "`):");
      md.append(Values.block(withPortableSources(e.getValue()))).append('\n');
    });
    h(4, "Path");
    JsonNode inputs = Facts.at(f.stage("prepare"), "inputs");
    if (f.has("prepare") && !inputs.isEmpty()) {
      p("Each raw file, the source that served it, and the SHA-256 verified before use "
          + "(of the decompressed bytes for compressed downloads):");
      fileTable(inputs, true);
    } else {
      notRecorded("the raw files read by the prepare stage and their SHA-256");
    }
    JsonNode sources = spec("data.sources");
    if (sources.size() > 0) {
      p("Sources the spec allows, tried in order:");
      for (int i = 0; i < sources.size(); i++) {
        JsonNode s = sources.get(i);
        String type = s.path("type").asText();
        md.append("- ").append(Markdown.text(type)).append(": ")
            .append(type.equals("local") ? localSource(i, s.path("path").asText(), sources)
                : Markdown.code(Facts.text(s, "url", "path").orElse("?")))
            .append(Facts.text(s, "package").map(pk -> " (package " + Markdown.code(pk) + ")").orElse(""))
            .append('\n');
      }
      endList();
    }
    JsonNode folder = spec("data.imageFolder");
    if (Facts.present(folder)) {
      p("Image folders:");
      md.append(Values.block(folder)).append('\n');
    }

    h(3, "Data processing methods");
    h(4, "Description");
    processingSteps();
    h(4, "Code");
    code("prepare", "Command that re-runs data processing");
    h(4, "Path");
    JsonNode manifest = f.manifest();
    Optional<String> fp = Facts.text(manifest, "fingerprint");
    if (Facts.present(manifest) || f.has("prepare")) {
      li("Processed data", Markdown.code("data/") + " (WebDataset-style tar shards and `manifest.json`, inside this run directory)");
      li("Fingerprint", fp.map(Markdown::code).orElse("not recorded"));
      endList();
      JsonNode outputs = Facts.at(f.stage("prepare"), "outputs");
      if (!outputs.isEmpty()) {
        fileTable(outputs, false);
      }
    } else {
      notRecorded("the processed data (no data/manifest.json and no prepare record)");
    }
  }

  /**
   * A local source without this machine's absolute path: named by its place in the spec, and by
   * the Debian package whose install folder it is, when the spec lists that package too.
   */
  private static String localSource(int index, String path, JsonNode sources) {
    if (!path.startsWith("/")) {
      return Markdown.code(path);
    }
    String pkg = null;
    for (JsonNode s : sources) {
      if (s.path("type").asText().equals("debian") && path.equals("/" + s.path("path").asText())) {
        pkg = s.path("package").asText();
      }
    }
    return "a folder of the machine that runs it, given as " + Markdown.code("data.sources[" + index + "].path")
        + (pkg == null ? "" : " (where Debian's " + Markdown.code(pkg) + " installs the files)");
  }

  /**
   * The split as an algorithm and its check values, so that another implementation can rebuild
   * exactly the same split and confirm it.
   */
  private void splitExactly() {
    JsonNode prep = f.stage("prepare");
    JsonNode ids = Facts.at(prep, "metrics.sampleIds");
    Optional<String> algorithm = Facts.text(prep, "details.splitAlgorithm");
    Optional<String> generator = Facts.text(prep, "details.generatorAlgorithm");
    if (algorithm.isEmpty() || generator.isEmpty() || !ids.isObject()) {
      notRecorded("the split algorithm and its check values (a prepare record from before they were kept)");
      return;
    }
    JsonNode split = spec("data.split");
    p("The split, exactly. Parameters: splitSeed " + Markdown.code(Facts.text(prep, "params.splitSeed").orElse("?"))
        + ", valFraction " + Markdown.code(Facts.text(split, "valFraction").orElse("none (official validation split)"))
        + ", limitPerClass " + Markdown.code(Facts.text(split, "limitPerClass").orElse("none"))
        + ", balance " + Markdown.code(specText("data.balance").orElse("?"))
        + ", K = " + Facts.text(prep, "metrics.numClasses").orElse("?") + " classes. The generator:");
    md.append(Markdown.codeBlock("text", generator.get())).append('\n');
    p("The split with it:");
    md.append(Markdown.codeBlock("text", algorithm.get())).append('\n');
    Facts.text(prep, "details.sampleIdDefinition")
        .ifPresent(d -> p("A sample id is " + Markdown.text(d) + "."));
    p("Check values: the SHA-256 of each stored split's sample ids in stored order, each id as UTF-8"
        + " followed by one newline (`printf '%s\\n' ids... | sha256sum`):");
    List<List<String>> rows = new ArrayList<>();
    ids.fields().forEachRemaining(e -> {
      List<String> first = new ArrayList<>();
      e.getValue().path("first").forEach(x -> first.add(Markdown.code(x.asText())));
      rows.add(List.of(Markdown.text(e.getKey()), Values.cell(e.getValue().path("count")),
          Markdown.code(e.getValue().path("sha256").asText()), String.join(", ", first)));
    });
    md.append(Markdown.table(List.of("split", "samples", "SHA-256 of the ids", "first ids"), rows)).append('\n');
  }

  private void classList() {
    JsonNode names = Facts.first(f.manifest(), "classNames").orElse(spec("data.classNames"));
    if (!names.isArray() || names.isEmpty()) {
      notRecorded("class names");
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < Math.min(names.size(), MAX_CLASSES_LISTED); i++) {
      rows.add(List.of(String.valueOf(i), Markdown.text(names.get(i).asText())));
    }
    p(names.size() + " classes, one label per image (class index = position):");
    md.append(Markdown.table(List.of("index", "class"), rows));
    if (names.size() > MAX_CLASSES_LISTED) {
      md.append("\n(").append(names.size() - MAX_CLASSES_LISTED).append(" more in `data/manifest.json`)\n");
    }
    md.append('\n');
  }

  private void processingSteps() {
    JsonNode split = spec("data.split");
    JsonNode splits = Facts.at(f.manifest(), "splits");
    md.append("1. **Split**: ");
    if (Facts.present(split) && Facts.number(split, "valFraction").orElse(-1.0) == 0.0) {
      md.append("no validation split is held out (valFraction 0): every training image trains; the test set is the dataset's official test split");
      md.append(Facts.present(spec("data.imageFolder")) ? " (for image folders: the val folder when `valAsTest` is true).\n" : ".\n");
    } else if (Facts.present(split)) {
      md.append("a stratified ").append(Facts.number(split, "valFraction").map(Values::percent).orElse("?"))
          .append(" of each class of the training set is held out for validation, seed ")
          .append(Markdown.code(Facts.text(split, "seed").or(() -> specText("seed")).orElse("not recorded")));
      Facts.number(split, "limitPerClass").ifPresent(l -> md.append(", at most ").append(Values.num(l))
          .append(" images per class and split"));
      md.append("; the test set is the dataset's official test split");
      if (Facts.present(spec("data.imageFolder"))) {
        md.append(" (for image folders: the val folder when `valAsTest` is true)");
      }
      md.append(".\n");
    } else {
      md.append("not recorded.\n");
    }
    md.append("2. **Filtering**: ");
    JsonNode keep = spec("data.classes.keep");
    JsonNode remap = spec("data.classes.remap");
    if (!Facts.present(spec("data.classes"))) {
      md.append("not recorded.\n");
    } else if (keep.isEmpty() && remap.isEmpty()) {
      md.append("none, every class is kept.\n");
    } else {
      md.append("classes kept: ").append(keep.isEmpty() ? "all" : Values.cell(keep))
          .append("; remapped: ").append(remap.isEmpty() ? "none" : Values.cell(remap)).append(".\n");
    }
    md.append("3. **Balancing** of the train split: ")
        .append(specText("data.balance").map(Markdown::code).orElse("not recorded")).append(".\n");
    md.append("4. **Images**: ");
    JsonNode img = spec("data.image");
    List<String> parts = new ArrayList<>();
    Facts.number(img, "channels").ifPresent(c -> parts.add("converted to " + Values.num(c) + " channel(s)"));
    Facts.number(img, "size").ifPresent(s -> parts.add("resized to " + Values.num(s) + " x " + Values.num(s)));
    Facts.number(img, "resizeShorter").ifPresent(s -> parts.add("shorter side resized to " + Values.num(s)));
    Optional<Double> h = Facts.number(f.manifest(), "height");
    Optional<Double> w = Facts.number(f.manifest(), "width");
    Optional<Double> ch = Facts.number(f.manifest(), "channels");
    Facts.number(img, "maxSide").ifPresent(m -> parts.add("an image whose longer side exceeds " + Values.num(m)
        + " px downscaled to it (bilinear) and stored as a JPEG of quality " + Facts.text(img, "jpegQuality").orElse("?")));
    JsonNode formats = Facts.at(f.stage("prepare"), "metrics.storedFormats");
    md.append(parts.isEmpty() ? "kept as in the raw data" : String.join(", ", parts))
        .append(formats.isObject() && formats.has("jpg")
            ? "; stored as " + storedFormats(formats) + " (a JPEG source needing no resize is stored as its original"
                + " bytes and converted to the stored channels when read)"
            : "; stored as lossless PNG")
        .append(h.isPresent() && w.isPresent() ? ", " + Values.num(h.get()) + " x " + Values.num(w.get()) : "")
        .append(ch.map(c -> ", " + Values.num(c) + " channel(s)").orElse("")).append(".\n");
    md.append("5. **Statistics** (train split, pixel scale [0, 1]): ");
    JsonNode stats = Facts.at(f.manifest(), "statistics");
    if (Facts.present(stats)) {
      md.append("mean ").append(Values.cell(stats.path("mean"))).append(", std ")
          .append(Values.cell(stats.path("std"))).append(".\n");
    } else {
      md.append("not recorded.\n");
    }
    md.append("6. **Shards**: ").append(specText("data.shardSize").map(s -> "up to " + s + " samples per shard")
        .orElse("not recorded")).append(".\n\n");
    keyed("prepare", "quarantin").filter(e -> !emptyOrZero(e.getValue())).ifPresent(e -> {
      p("Quarantined inputs (" + Markdown.text(e.getKey()) + "), set aside and counted, not fatal:");
      md.append(Values.block(e.getValue())).append('\n');
    });
    if (splits.isObject() && !splits.isEmpty()) {
      p("Sizes of the processed splits:");
      List<List<String>> rows = new ArrayList<>();
      splits.fields().forEachRemaining(e -> rows.add(List.of(Markdown.text(e.getKey()),
          Values.cell(e.getValue().path("count")), String.valueOf(e.getValue().path("shards").size()))));
      md.append(Markdown.table(List.of("split", "images", "shards"), rows)).append('\n');
      perClassCounts(splits);
    } else {
      notRecorded("split sizes (data/manifest.json)");
    }
    splitExactly();
  }

  private static String storedFormats(JsonNode formats) {
    List<String> parts = new ArrayList<>();
    formats.fields().forEachRemaining(e -> parts.add(Values.num(e.getValue().asDouble()) + " "
        + (e.getKey().equals("jpg") ? "JPEG" : "PNG") + " file(s)"));
    return String.join(" and ", parts);
  }

  private void perClassCounts(JsonNode splits) {
    JsonNode names = f.manifest().path("classNames");
    List<String> splitNames = new ArrayList<>();
    splits.fieldNames().forEachRemaining(splitNames::add);
    int n = names.size();
    if (n == 0 || n > MAX_CLASSES_LISTED) {
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<String> row = new ArrayList<>();
      row.add(Markdown.text(names.get(i).asText()));
      for (String s : splitNames) {
        JsonNode pc = splits.path(s).path("perClass");
        JsonNode v = pc.isArray() ? pc.path(i) : pc.path(names.get(i).asText());
        row.add(Values.cell(v));
      }
      rows.add(row);
    }
    List<String> header = new ArrayList<>();
    header.add("class");
    splitNames.forEach(s -> header.add(Markdown.text(s)));
    p("Images per class and split (after filtering and balancing):");
    md.append(Markdown.table(header, rows)).append('\n');
  }
}
