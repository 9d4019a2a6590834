package dev.recipe.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recipe.core.record.FileRef;
import dev.recipe.core.record.StageRecord;
import dev.recipe.core.spec.DataSpec;
import dev.recipe.data.Manifest;
import dev.recipe.data.PrepareResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
    DataSpec data = f.spec() == null ? null : f.spec().data();
    PrepareResult prep = f.results().prepare();
    if (data == null) {
      notRecorded("the data section of the spec (spec.resolved.yaml)");
    } else {
      if (data.description() != null && !data.description().isBlank()) {
        p(Markdown.text(data.description()));
      }
      li("Dataset", Markdown.code(data.dataset()));
      li("Raw format", Markdown.code(Values.inSpecOrder(data.format()).asText()));
      if (data.license() != null) {
        li("License", Markdown.text(data.license()));
      }
      if (data.homepage() != null) {
        li("Homepage", Markdown.text(data.homepage()));
      }
      endList();
    }
    classList();
    if (prep != null && prep.details().rawFiles() != null) {
      p("Raw data as read by the prepare stage (`rawFiles`):");
      md.append(Values.block(withPortableSources(Values.tree(prep.details().rawFiles())))).append('\n');
    }
    h(4, "Path");
    List<FileRef> inputs = f.record("prepare").map(StageRecord::inputs).orElse(List.of());
    if (!inputs.isEmpty()) {
      p("Each raw file, the source that served it, and the SHA-256 verified before use "
          + "(of the decompressed bytes for compressed downloads):");
      fileTable(inputs, true);
    } else {
      notRecorded("the raw files read by the prepare stage and their SHA-256");
    }
    List<DataSpec.Source> sources = data == null ? List.of() : data.sources();
    if (!sources.isEmpty()) {
      p("Sources the spec allows, tried in order:");
      for (int i = 0; i < sources.size(); i++) {
        DataSpec.Source s = sources.get(i);
        String type = Values.inSpecOrder(s.type()).asText();
        md.append("- ").append(Markdown.text(type)).append(": ")
            .append(s.type() == DataSpec.SourceType.LOCAL ? localSource(i, s.path(), sources)
                : Markdown.code(s.type() == DataSpec.SourceType.URL ? s.url() : s.path()))
            .append(s.debianPackage() == null ? "" : " (package " + Markdown.code(s.debianPackage()) + ")")
            .append('\n');
      }
      endList();
    }
    if (data != null && data.imageFolder() != null) {
      p("Image folders:");
      md.append(Values.block(Values.inSpecOrder(data.imageFolder()))).append('\n');
    }

    h(3, "Data processing methods");
    h(4, "Description");
    processingSteps();
    h(4, "Code");
    code("prepare", "Command that re-runs data processing");
    h(4, "Path");
    Manifest manifest = f.manifest();
    if (manifest != null || prep != null) {
      li("Processed data", Markdown.code("data/") + " (WebDataset-style tar shards and `manifest.json`, inside this run directory)");
      li("Fingerprint", manifest != null && manifest.fingerprint() != null ? Markdown.code(manifest.fingerprint()) : "not recorded");
      endList();
      List<FileRef> outputs = f.record("prepare").map(StageRecord::outputs).orElse(List.of());
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
  private static String localSource(int index, String path, List<DataSpec.Source> sources) {
    if (!path.startsWith("/")) {
      return Markdown.code(path);
    }
    String pkg = null;
    for (DataSpec.Source s : sources) {
      if (s.type() == DataSpec.SourceType.DEBIAN && path.equals("/" + s.path())) {
        pkg = s.debianPackage();
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
    PrepareResult prep = f.results().prepare();
    if (prep == null || prep.details().splitAlgorithm() == null || prep.details().generatorAlgorithm() == null
        || prep.metrics().sampleIds() == null || f.spec() == null) {
      notRecorded("the split algorithm and its check values (a prepare record from before they were kept)");
      return;
    }
    DataSpec.SplitSpec split = f.spec().data().split();
    p("The split, exactly. Parameters: splitSeed " + Markdown.code(String.valueOf(prep.params().splitSeed()))
        + ", valFraction " + Markdown.code(String.valueOf(split.valFraction()))
        + ", limitPerClass " + Markdown.code(split.limitPerClass() == null ? "none" : String.valueOf(split.limitPerClass()))
        + ", balance " + Markdown.code(Values.inSpecOrder(f.spec().data().balance()).asText())
        + ", K = " + prep.metrics().numClasses() + " classes. The generator:");
    md.append(Markdown.codeBlock("text", prep.details().generatorAlgorithm())).append('\n');
    p("The split with it:");
    md.append(Markdown.codeBlock("text", prep.details().splitAlgorithm())).append('\n');
    if (prep.details().sampleIdDefinition() != null) {
      p("A sample id is " + Markdown.text(prep.details().sampleIdDefinition()) + ".");
    }
    p("Check values: the SHA-256 of each stored split's sample ids in stored order, each id as UTF-8"
        + " followed by one newline (`printf '%s\\n' ids... | sha256sum`):");
    List<List<String>> rows = new ArrayList<>();
    prep.metrics().sampleIds().forEach((name, check) -> rows.add(List.of(Markdown.text(name),
        Values.num(check.count()), Markdown.code(check.sha256()),
        String.join(", ", check.first().stream().map(Markdown::code).toList()))));
    md.append(Markdown.table(List.of("split", "samples", "SHA-256 of the ids", "first ids"), rows)).append('\n');
  }

  private void classList() {
    List<String> names = f.manifest() != null ? f.manifest().classNames()
        : f.spec() != null ? f.spec().data().classNames() : null;
    if (names == null || names.isEmpty()) {
      notRecorded("class names");
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < Math.min(names.size(), MAX_CLASSES_LISTED); i++) {
      rows.add(List.of(String.valueOf(i), Markdown.text(names.get(i))));
    }
    p(names.size() + " classes, one label per image (class index = position):");
    md.append(Markdown.table(List.of("index", "class"), rows));
    if (names.size() > MAX_CLASSES_LISTED) {
      md.append("\n(").append(names.size() - MAX_CLASSES_LISTED).append(" more in `data/manifest.json`)\n");
    }
    md.append('\n');
  }

  private void processingSteps() {
    DataSpec data = f.spec() == null ? null : f.spec().data();
    Manifest manifest = f.manifest();
    PrepareResult prep = f.results().prepare();
    md.append("1. **Split**: ");
    if (data == null) {
      md.append("not recorded.\n");
    } else if (data.split().valFraction() == 0.0) {
      md.append("no validation split is held out (valFraction 0): every training image trains; the test set is the dataset's official test split");
      md.append(data.imageFolder() != null ? " (for image folders: the val folder when `valAsTest` is true).\n" : ".\n");
    } else {
      DataSpec.SplitSpec split = data.split();
      md.append("a stratified ").append(Values.percent(split.valFraction()))
          .append(" of each class of the training set is held out for validation, seed ")
          .append(Markdown.code(String.valueOf(split.seed() != null ? split.seed() : f.spec().seed())));
      if (split.limitPerClass() != null) {
        md.append(", at most ").append(Values.num(split.limitPerClass())).append(" images per class and split");
      }
      md.append("; the test set is the dataset's official test split");
      if (data.imageFolder() != null) {
        md.append(" (for image folders: the val folder when `valAsTest` is true)");
      }
      md.append(".\n");
    }
    md.append("2. **Filtering**: ");
    if (data == null) {
      md.append("not recorded.\n");
    } else if (data.classes().keep().isEmpty() && data.classes().remap().isEmpty()) {
      md.append("none, every class is kept.\n");
    } else {
      md.append("classes kept: ").append(data.classes().keep().isEmpty() ? "all" : Values.cell(Values.inSpecOrder(data.classes().keep())))
          .append("; remapped: ").append(data.classes().remap().isEmpty() ? "none" : Values.cell(Values.inSpecOrder(data.classes().remap())))
          .append(".\n");
    }
    md.append("3. **Balancing** of the train split: ")
        .append(data == null ? "not recorded" : Markdown.code(Values.inSpecOrder(data.balance()).asText())).append(".\n");
    md.append("4. **Images**: ");
    DataSpec.ImageSpec img = data == null ? null : data.image();
    List<String> parts = new ArrayList<>();
    if (img != null) {
      if (img.channels() != null) {
        parts.add("converted to " + Values.num(img.channels()) + " channel(s)");
      }
      if (img.size() != null) {
        parts.add("resized to " + Values.num(img.size()) + " x " + Values.num(img.size()));
      }
      if (img.resizeShorter() != null) {
        parts.add("shorter side resized to " + Values.num(img.resizeShorter()));
      }
      if (img.maxSide() != null) {
        parts.add("an image whose longer side exceeds " + Values.num(img.maxSide())
            + " px downscaled to it (bilinear) and stored as a JPEG of quality "
            + (img.jpegQuality() == null ? "?" : img.jpegQuality()));
      }
    }
    Map<String, Long> formats = prep == null ? null : prep.metrics().storedFormats();
    md.append(parts.isEmpty() ? "kept as in the raw data" : String.join(", ", parts))
        .append(formats != null && formats.containsKey("jpg")
            ? "; stored as " + storedFormats(formats) + " (a JPEG source needing no resize is stored as its original"
                + " bytes and converted to the stored channels when read)"
            : "; stored as lossless PNG")
        .append(manifest != null && manifest.height() != null && manifest.width() != null
            ? ", " + Values.num(manifest.height()) + " x " + Values.num(manifest.width()) : "")
        .append(manifest != null ? ", " + Values.num(manifest.channels()) + " channel(s)" : "").append(".\n");
    md.append("5. **Statistics** (train split, pixel scale [0, 1]): ");
    if (manifest != null && manifest.statistics() != null) {
      md.append("mean ").append(Values.cell(manifest.statistics().mean())).append(", std ")
          .append(Values.cell(manifest.statistics().std())).append(".\n");
    } else {
      md.append("not recorded.\n");
    }
    md.append("6. **Shards**: ").append(data == null ? "not recorded" : "up to " + data.shardSize() + " samples per shard")
        .append(".\n\n");
    if (prep != null && !prep.details().quarantined().isEmpty()) {
      p("Quarantined inputs (quarantined), set aside and counted, not fatal:");
      md.append(Values.block(prep.details().quarantined())).append('\n');
    }
    if (manifest != null && !manifest.splits().isEmpty()) {
      p("Sizes of the processed splits:");
      List<List<String>> rows = new ArrayList<>();
      manifest.splits().forEach((name, info) -> rows.add(List.of(Markdown.text(name),
          Values.num(info.count()), String.valueOf(info.shards().size()))));
      md.append(Markdown.table(List.of("split", "images", "shards"), rows)).append('\n');
      perClassCounts(manifest);
    } else {
      notRecorded("split sizes (data/manifest.json)");
    }
    splitExactly();
  }

  private static String storedFormats(Map<String, Long> formats) {
    List<String> parts = new ArrayList<>();
    formats.forEach((k, v) -> parts.add(Values.num(v) + " " + (k.equals("jpg") ? "JPEG" : "PNG") + " file(s)"));
    return String.join(" and ", parts);
  }

  private void perClassCounts(Manifest manifest) {
    List<String> names = manifest.classNames();
    List<String> splitNames = new ArrayList<>(manifest.splits().keySet());
    int n = names.size();
    if (n == 0 || n > MAX_CLASSES_LISTED) {
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<String> row = new ArrayList<>();
      row.add(Markdown.text(names.get(i)));
      for (String s : splitNames) {
        List<Integer> pc = manifest.splits().get(s).perClass();
        row.add(i < pc.size() ? Values.num(pc.get(i)) : "—");
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
