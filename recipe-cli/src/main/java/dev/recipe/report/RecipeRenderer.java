package dev.recipe.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recipe.core.RecipeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Writes RECIPE.md from a run's records, following the sections of the training-recipe guideline
 * (Data, Training, Performance metrics, Inference, Miscellaneous). Every value comes from a stage
 * record, the resolved spec, the dynamics log, the evaluation results or the manifest; what is
 * absent is said to be "not recorded", never guessed. Text from records is escaped.
 */
final class RecipeRenderer {
  private static final int MAX_CLASSES_LISTED = 30;
  private static final Map<String, String> LIBRARY_NAMES =
      Map.of("djl", "DJL", "pytorch", "PyTorch", "onnxruntime", "ONNX Runtime", "onnx", "ONNX Runtime");

  private final RunFacts f;
  private final List<Charts.Figure> figures;
  private final String recipeJsonSha;
  private final StringBuilder md = new StringBuilder();

  private RecipeRenderer(RunFacts facts, List<Charts.Figure> figures, String recipeJsonSha) {
    this.f = facts;
    this.figures = figures;
    this.recipeJsonSha = recipeJsonSha;
  }

  /** The markdown of a run; {@code recipeJsonSha} is the seal of the recipe.json written alongside. */
  static String render(RunFacts facts, List<Charts.Figure> figures, String recipeJsonSha) {
    RecipeRenderer r = new RecipeRenderer(facts, figures, recipeJsonSha);
    r.header();
    r.data();
    r.training();
    r.inference();
    r.misc();
    return r.md.toString();
  }

  // ---------------------------------------------------------------- helpers

  private void h(int level, String title) {
    if (md.length() > 0 && !md.toString().endsWith("\n\n")) {
      md.append('\n');
    }
    md.append("#".repeat(level)).append(' ').append(title).append("\n\n");
  }

  private void p(String line) {
    md.append(line).append("\n\n");
  }

  private void li(String label, String value) {
    md.append("- ").append(label).append(": ").append(value).append('\n');
  }

  private void endList() {
    md.append('\n');
  }

  private void notRecorded(String what) {
    p("_Not recorded: " + Markdown.text(what) + "._");
  }

  private JsonNode spec(String path) {
    return Facts.at(f.spec(), path);
  }

  private Optional<String> specText(String path) {
    return Facts.text(f.spec(), path);
  }

  /** The code part of a stage: commit, dirty state, and the exact command. */
  private void code(String stage, String purpose) {
    JsonNode rec = f.stage(stage);
    if (!f.has(stage)) {
      notRecorded("the " + stage + " stage has no record (stages/" + stage + ".json), so its code and command are unknown");
      return;
    }
    JsonNode git = Facts.at(rec, "code.git");
    Optional<String> commit = Facts.text(git, "commit");
    if (commit.isPresent()) {
      li("Commit (SHA-1)", Markdown.code(commit.get())
          + Facts.text(git, "branch").map(b -> " on branch " + Markdown.code(b)).orElse(""));
    } else {
      li("Commit (SHA-1)", "not recorded" + Facts.text(git, "reason").map(r -> " (" + Markdown.text(r) + ")").orElse(""));
    }
    JsonNode dirty = git.path("dirty");
    if (dirty.isBoolean()) {
      li("Working tree", dirty.asBoolean()
          ? "**dirty**: uncommitted changes, diff SHA-256 "
              + Facts.text(git, "diffSha256").map(Markdown::code).orElse("not recorded")
              + "; untracked files: " + git.path("untracked").size()
          : "clean (exactly the commit above)");
    } else {
      li("Working tree", "not recorded");
    }
    Facts.text(rec, "code.version").ifPresent(v -> li("Project version", Markdown.code(v)));
    endList();
    Optional<String> cmd = Facts.text(rec, "code.command");
    if (cmd.isPresent()) {
      p(purpose + " (run from the project root" + Facts.text(rec, "code.workingDirectory")
          .map(w -> ", recorded as " + Markdown.code(w)).orElse("") + "):");
      md.append(Markdown.codeBlock("bash", cmd.get())).append('\n');
    } else {
      notRecorded("the command that ran the " + stage + " stage");
    }
  }

  private void fileTable(JsonNode refs, boolean withSource) {
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode r : refs) {
      List<String> row = new ArrayList<>();
      row.add(Markdown.code(r.path("path").asText("?")));
      if (withSource) {
        row.add(Facts.text(r, "source").map(RecipeRenderer::portableSource).map(Markdown::text).orElse("not recorded"));
      }
      row.add(r.path("size").isNumber() ? Values.bytes(r.path("size").asLong()) : "—");
      row.add(Facts.text(r, "sha256").map(Markdown::code).orElse("not recorded"));
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
  private static JsonNode withPortableSources(JsonNode n) {
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
  private void figures(String... files) {
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

  /** A node of a stage record's metrics or details whose key contains {@code fragment}. */
  private Optional<Map.Entry<String, JsonNode>> keyed(String stage, String fragment) {
    for (String part : List.of("details", "metrics", "params")) {
      var it = Facts.at(f.stage(stage), part).fields();
      while (it.hasNext()) {
        var e = it.next();
        if (Facts.normalize(e.getKey()).contains(fragment)) {
          return Optional.of(e);
        }
      }
    }
    return Optional.empty();
  }

  // ---------------------------------------------------------------- sections

  private void header() {
    String name = specText("name").orElse(f.run().root().getFileName().toString());
    md.append("# Training recipe: ").append(Markdown.text(name)).append("\n\n");
    p("> Generated by `recipe render` from the stage records of this run (`stages/*.json`, "
        + "`metrics/`, `data/manifest.json`, `spec.resolved.yaml`); nothing here is typed by hand. "
        + "The machine-readable twin is [`recipe.json`](recipe.json) (content SHA-256 "
        + Markdown.code(recipeJsonSha) + "); `recipe verify` detects any edit to it.");
    specText("description").filter(s -> !s.isBlank()).ifPresent(d -> p(Markdown.text(d)));
    List<Targets.Result> results = Targets.check(f.spec(), f.eval(), f.stage("evaluate"));
    if (!results.isEmpty()) {
      List<String> parts = new ArrayList<>();
      for (Targets.Result r : results) {
        parts.add(Markdown.text(r.metric()) + " " + r.achievedText() + " (target " + Markdown.text(r.expected())
            + ", " + status(r.status()) + ")");
      }
      p("Result on the " + Markdown.text(specText("evaluation.split").orElse("evaluation")) + " split: "
          + String.join("; ", parts) + ".");
    }
  }

  private static String status(Targets.Status s) {
    return switch (s) {
      case MET -> "met";
      case MISSED -> "**missed**";
      case NOT_RECORDED -> "not recorded";
    };
  }

  private void data() {
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
      for (JsonNode s : sources) {
        md.append("- ").append(Markdown.text(s.path("type").asText())).append(": ")
            .append(Markdown.code(Facts.text(s, "url", "path").orElse("?")))
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
    if (Facts.present(split)) {
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
    md.append(parts.isEmpty() ? "kept as in the raw data" : String.join(", ", parts))
        .append("; stored as lossless PNG")
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

  private void training() {
    h(2, "Training");
    h(3, "Optimization methods");
    h(4, "Description");
    JsonNode model = spec("model");
    JsonNode train = f.stage("train");
    if (Facts.present(model)) {
      li("Architecture", Markdown.text("ResNet-" + Facts.text(model, "depth").orElse("?")
          + " (torchvision v1.5 layout), width " + Facts.text(model, "width").orElse("?")
          + ", stem " + Facts.text(model, "stem").orElse("?")));
      Facts.first(train, "metrics.parameters", "metrics.parameterCount", "details.parameters",
              "details.parameterCount")
          .ifPresent(n -> li("Parameters", Values.cell(n)));
      Facts.first(train, "metrics.flopsPerImage", "details.flopsPerImage", "metrics.flops", "details.flops")
          .ifPresent(n -> li("FLOPs per image", Values.cell(n)));
      li("Zero-init residual BatchNorm", Values.cell(model.path("zeroInitResidual")));
    } else {
      notRecorded("the model section of the spec");
    }
    li("Loss", Facts.text(train, "details.loss", "params.loss").map(Markdown::text)
        .orElse("softmax cross-entropy") + ", label smoothing "
        + Values.cell(spec("training.labelSmoothing")));
    endList();
    JsonNode arch = train.path("details").path("architecture");
    if (arch.isArray() && arch.size() > 0) {
      p("The network, layer by layer (recorded by the train stage):");
      arch.forEach(e -> li(Markdown.text(e.path("part").asText()), Markdown.text(e.path("description").asText())));
      endList();
    }

    h(4, "Code");
    code("train", "Command that re-runs training");

    h(4, "Hyperparameters");
    hyperparameters();

    h(4, "Dynamics");
    dynamics();

    h(4, "Outputs");
    JsonNode outputs = train.path("outputs");
    if (f.has("train") && !outputs.isEmpty()) {
      p("Final model and checkpoints, inside this run directory:");
      fileTable(outputs, false);
    } else {
      notRecorded("the trained model (no outputs in stages/train.json)");
    }

    h(3, "Performance metrics");
    h(4, "Target metrics");
    performance();
    h(4, "Code");
    code("evaluate", "Command that re-runs evaluation");
  }

  private void hyperparameters() {
    JsonNode t = spec("training");
    JsonNode train = f.stage("train");
    if (!Facts.present(t)) {
      notRecorded("the training section of the spec");
      return;
    }
    Function<String, String> v = k -> Values.cell(Facts.first(train, "params." + k).orElse(t.path(k)));
    JsonNode env = train.path("environment");
    JsonNode gpus = env.path("gpus");
    String kind = gpus.isArray() && !gpus.isEmpty()
        ? "GPU (" + Values.cell(gpus) + ")"
        : Facts.text(env, "cpuModel").map(c -> "CPU (" + Markdown.text(c) + ")").orElse("not recorded");
    int devices = Facts.number(train, "params.devices").orElse(Facts.number(t, "devices").orElse(1.0)).intValue();
    int perDevice = Facts.number(train, "params.batchSize").orElse(Facts.number(t, "batchSize").orElse(0.0)).intValue();
    int accumulate = Facts.number(train, "params.accumulate").orElse(Facts.number(t, "accumulate").orElse(1.0)).intValue();
    md.append("* Batch\n");
    md.append("    * Batch size per device: ").append(perDevice).append('\n');
    md.append("    * Devices: ").append(devices).append(" x ").append(kind)
        .append(Facts.first(train, "params.devices").filter(JsonNode::isArray)
            .map(d -> " (engine devices: " + Values.cell(d) + ")").orElse(""))
        .append(train.path("params").path("devicesEmulated").asBoolean(false)
            ? ", emulated on one device as shards of the global batch" : "")
        .append('\n');
    md.append("    * Gradient accumulation: ").append(accumulate).append(" micro-batch(es) per optimizer step\n");
    md.append("    * Global batch size: ").append(Facts.first(train, "metrics.globalBatch", "params.globalBatch")
        .map(Values::cell).orElse(String.valueOf(perDevice * devices * accumulate))).append('\n');
    md.append("    * Epochs: ").append(v.apply("epochs"));
    Facts.first(t, "maxStepsPerEpoch").ifPresent(m -> md.append(", at most ").append(Values.cell(m))
        .append(" optimizer steps per epoch"));
    Facts.first(train, "params.stepsPerEpoch", "metrics.stepsPerEpoch", "details.stepsPerEpoch")
        .ifPresent(s -> md.append(" (").append(Values.cell(s)).append(" steps per epoch)"));
    md.append('\n');
    JsonNode opt = t.path("optimizer");
    md.append("* Optimizer\n");
    md.append("    * ").append(Markdown.text(opt.path("name").asText("?").toUpperCase(java.util.Locale.ROOT)))
        .append(" with momentum ").append(Values.cell(opt.path("momentum")))
        .append(opt.path("nesterov").asBoolean() ? " (Nesterov)" : "").append('\n');
    Facts.text(train, "details.optimizerUpdate")
        .ifPresent(u -> md.append("    * Update rule: ").append(Markdown.text(u)).append('\n'));
    md.append("    * Base learning rate: ").append(Values.cell(opt.path("lr"))).append(" for the global batch\n");
    JsonNode sch = t.path("schedule");
    md.append("    * Learning-rate schedule: ").append(Markdown.code(sch.path("name").asText("?")));
    List<String> sp = new ArrayList<>();
    if (sch.path("stepSize").isNumber()) {
      sp.add("step size " + Values.cell(sch.path("stepSize")) + " epochs");
    }
    if (sch.path("milestones").size() > 0) {
      sp.add("milestones at epochs " + Values.cell(sch.path("milestones")));
    }
    if (Facts.present(sch.path("gamma")) && List.of("step", "multistep").contains(sch.path("name").asText())) {
      sp.add("gamma " + Values.cell(sch.path("gamma")));
    }
    if (sch.path("warmupEpochs").asDouble() > 0) {
      sp.add("linear warmup over " + Values.cell(sch.path("warmupEpochs")) + " epochs from "
          + Values.cell(sch.path("warmupStartFactor")) + " x lr");
    }
    if ("cosine".equals(sch.path("name").asText())) {
      sp.add("down to " + Values.cell(sch.path("minLr")));
    }
    md.append(sp.isEmpty() ? "" : ", " + String.join(", ", sp)).append(", stepped per optimizer step\n");
    Facts.text(train, "details.lrFormula")
        .ifPresent(u -> md.append("    * Schedule, exactly: ").append(Markdown.text(u)).append('\n'));
    md.append("    * Head learning-rate multiplier: ").append(Values.cell(t.path("headLrMultiplier"))).append('\n');
    md.append("* Regularization\n");
    md.append("    * Weight decay: ").append(Values.cell(opt.path("weightDecay")))
        .append(opt.path("noDecayOnNormAndBias").asBoolean() ? " (not on BatchNorm parameters and biases)" : "")
        .append('\n');
    md.append("    * Label smoothing: ").append(Values.cell(t.path("labelSmoothing"))).append('\n');
    md.append("* Pretrained weights: ");
    JsonNode pretrained = t.path("pretrained");
    if (!Facts.present(pretrained)) {
      md.append("none (trained from scratch)\n");
    } else {
      md.append(Markdown.code(pretrained.path("path").asText("?"))).append(", SHA-256 ")
          .append(Facts.text(train, "details.pretrained.sha256", "details.pretrainedSha256", "metrics.pretrainedSha256")
              .or(() -> Facts.text(pretrained, "sha256")).map(Markdown::code).orElse("not recorded"));
      Facts.text(train, "details.initialWeights").ifPresent(n -> md.append(" (").append(Markdown.text(n)).append(")"));
      if (t.path("freeze").size() > 0) {
        md.append("; frozen: ").append(Values.cell(t.path("freeze")));
      }
      md.append('\n');
    }
    md.append("* Data augmentation (train split, in order; randomness derived from seed, epoch and sample)\n");
    JsonNode aug = t.path("augment");
    if (aug.isEmpty()) {
      md.append("    * none\n");
    }
    for (JsonNode a : aug) {
      List<String> parts = new ArrayList<>();
      a.fields().forEachRemaining(e -> {
        if (!e.getKey().equals("name") && Facts.present(e.getValue())) {
          parts.add(Markdown.text(e.getKey()) + " " + Values.cell(e.getValue()));
        }
      });
      md.append("    * ").append(Markdown.code(a.path("name").asText("?")))
          .append(parts.isEmpty() ? "" : ": " + String.join(", ", parts)).append('\n');
    }
    JsonNode pre = Facts.first(f.eval(), "model.preprocessing").orElse(t.path("preprocess"));
    md.append("* Evaluation preprocessing (validation, evaluation, inference, ONNX metadata): ")
        .append(Facts.present(pre) && pre.isObject() ? preprocessingText(pre) : "not recorded").append('\n');
    md.append("* Seed: ").append(Values.cell(spec("seed"))).append("; data-loading threads: ")
        .append(Values.cell(t.path("loaderThreads"))).append("; engine threads: ")
        .append(Facts.present(t.path("threads")) ? Values.cell(t.path("threads")) : "engine default")
        .append('\n');
    md.append("* Arithmetic: ").append(precisionText(t.path("precision").asText("fp32")))
        .append("; memory format of images and activations: ")
        .append(Markdown.code(t.path("memoryFormat").asText("contiguous")))
        .append("\n\n");
    for (String w : warningsOf("train")) {
      if (Facts.normalize(w).contains("flip") || Facts.normalize(w).contains("augment")) {
        p("Note from the train stage: " + Markdown.text(w));
      }
    }
  }

  /**
   * The evaluation preprocessing in words: only the steps that happen (an interpolation is named
   * only when something is resized).
   */
  static String preprocessingText(JsonNode pre) {
    List<String> steps = new ArrayList<>();
    boolean resize = Facts.present(pre.path("resize"));
    boolean crop = Facts.present(pre.path("crop"));
    if (resize) {
      steps.add("resize the shorter side to " + Values.cell(pre.path("resize")) + " ("
          + Markdown.text(pre.path("interpolation").asText("bilinear").toLowerCase(java.util.Locale.ROOT)) + ")");
    }
    if (crop) {
      steps.add("center crop " + Values.cell(pre.path("crop")) + " x " + Values.cell(pre.path("crop")));
    }
    if (!resize && !crop) {
      steps.add("no resize or crop (images are used at their stored size)");
    }
    steps.add("scale to [0, 1], then normalize with mean " + Values.cell(pre.path("mean")) + " and std "
        + Values.cell(pre.path("std")) + " per channel");
    if (Facts.present(pre.path("channels"))) {
      steps.add(Values.cell(pre.path("channels")) + " channel(s)");
    }
    return String.join("; ", steps);
  }

  /** What a precision setting means, in words a reader can reimplement. */
  private static String precisionText(String precision) {
    return switch (precision) {
      case "fp16" -> "`fp16`: forward and backward in float16 on float16 copies of the convolution and"
          + " linear weights; float32 master weights, optimizer state, BatchNorm parameters and"
          + " statistics, logits-to-loss; dynamic loss scaling (initial scale 65536, halved and the"
          + " step skipped when a gradient overflows, doubled after 2000 good steps)";
      default -> "`" + precision + "`";
    };
  }

  private List<String> warningsOf(String stage) {
    List<String> out = new ArrayList<>();
    f.stage(stage).path("warnings").forEach(w -> out.add(w.asText()));
    return out;
  }

  private void dynamics() {
    JsonNode train = f.stage("train");
    Optional<Double> secs = Facts.number(train, "volatileInfo.seconds");
    li("Total training time", secs.map(Values::seconds).orElse("not recorded")
        + Facts.text(train, "environment.cpuModel").map(c -> " on " + Markdown.text(c)).orElse(""));
    Optional<Double> ips = Facts.number(train, "volatileInfo.throughput");
    double meanIps = f.epochs().stream().mapToDouble(e -> e.path("imagesPerSecond").asDouble(Double.NaN))
        .filter(Double::isFinite).average().orElse(Double.NaN);
    li("Throughput", ips.map(x -> Values.num(x) + " " + Facts.text(train, "volatileInfo.throughputUnit").orElse("images/s"))
        .orElse(Double.isFinite(meanIps) ? Values.num(meanIps) + " images/s (mean over epochs)" : "not recorded"));
    double data = Facts.number(train, "metrics.dataSeconds")
        .orElse(f.epochs().stream().mapToDouble(e -> e.path("dataSeconds").asDouble(0)).sum());
    double compute = Facts.number(train, "metrics.computeSeconds")
        .orElse(f.epochs().stream().mapToDouble(e -> e.path("computeSeconds").asDouble(0)).sum());
    li("Data versus compute time", data + compute > 0
        ? Values.seconds(data) + " waiting for data, " + Values.seconds(compute) + " computing ("
            + Values.percent(data / (data + compute)) + " data)"
        : "not recorded");
    li("Logged", f.epochs().size() + " epoch line(s) and " + f.steps().size()
        + " step line(s) in `metrics/train.jsonl`");
    endList();
    figures("loss.png", "accuracy.png", "lr.png", "throughput.png", "time.png");
    if (!f.epochs().isEmpty()) {
      List<String> keys = List.of("epoch", "loss", "valLoss", "trainTop1", "valTop1", "valTop5", "lr",
          "imagesPerSecond", "dataSeconds", "computeSeconds", "epochSeconds");
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode e : f.epochs()) {
        List<String> row = new ArrayList<>();
        for (String k : keys) {
          JsonNode n = e.path(k);
          row.add(n.isNumber() && k.endsWith("Top1") || n.isNumber() && k.endsWith("Top5")
              ? Values.percent(n.asDouble()) : Values.cell(n));
        }
        rows.add(row);
      }
      JsonNode defs = train.path("details").path("metricDefinitions");
      if (defs.isObject() && defs.size() > 0) {
        p("What the numbers mean (recorded by the train stage):");
        defs.fields().forEachRemaining(e -> li(Markdown.code(e.getKey()), Markdown.text(e.getValue().asText())));
        endList();
      }
      p("Per epoch (the on-track reference for `recipe reproduce`; throughput and times are volatile):");
      md.append(Markdown.table(List.of("epoch", "train loss", "val loss", "train top-1", "val top-1",
          "val top-5", "lr", "images/s", "data s", "compute s", "epoch s"), rows)).append('\n');
    }
  }

  private void performance() {
    List<Targets.Result> results = Targets.check(f.spec(), f.eval(), f.stage("evaluate"));
    String split = Facts.text(f.eval(), "split").or(() -> specText("evaluation.split")).orElse("evaluation");
    if (results.isEmpty()) {
      p("The spec sets no target (`evaluation.targets`).");
    } else {
      List<List<String>> rows = new ArrayList<>();
      for (Targets.Result r : results) {
        rows.add(List.of(Markdown.text(r.metric()), Markdown.text(r.expected()), r.achievedText(), status(r.status())));
      }
      JsonNode pre = Facts.first(f.eval(), "model.preprocessing").orElse(null);
      boolean crops = pre != null && Facts.present(pre.path("crop"));
      p("Targets against what was achieved on the " + Markdown.text(split) + " split ("
          + (crops ? "single center crop" : "images as stored, no resize or crop") + "):");
      md.append(Markdown.table(List.of("metric", "target", "achieved", "status"), rows)).append('\n');
    }
    if (!Facts.present(f.eval()) && !f.has("evaluate")) {
      notRecorded("evaluation results (metrics/eval.json)");
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (String m : List.of("top1", "top5", "loss")) {
      Targets.achieved(m, f.eval(), f.stage("evaluate"))
          .ifPresent(x -> rows.add(List.of(Markdown.text(m), Targets.format(m, x))));
    }
    Facts.first(f.eval(), "samples", "count", "images", "n")
        .ifPresent(n -> rows.add(List.of("images evaluated", Values.cell(n))));
    if (!rows.isEmpty()) {
      p("Overall (" + Markdown.text(split) + " split):");
      md.append(Markdown.table(List.of("metric", "value"), rows)).append('\n');
    } else {
      notRecorded("top-1 / top-5 accuracy");
    }
    Optional<JsonNode> perClass = Facts.first(f.eval(), "perClass", "metrics.perClass", "classes")
        .or(() -> Facts.first(f.stage("evaluate"), "details.perClassAccuracy"));
    if (perClass.isPresent() && perClass.get().isArray() && perClass.get().path(0).has("accuracy")) {
      p("Per class:");
      List<List<String>> pc = new ArrayList<>();
      for (JsonNode c : perClass.get()) {
        JsonNode acc = c.path("accuracy");
        pc.add(List.of(Values.cell(c.path("name")), Values.cell(c.path("samples")), Values.cell(c.path("correct")),
            acc.isNumber() ? Values.percent(acc.asDouble()) : "no sample"));
      }
      md.append(Markdown.table(List.of("class", "images", "correct", "top-1 accuracy"), pc)).append('\n');
    } else if (perClass.isPresent()) {
      p("Per class:");
      md.append(Values.block(perClass.get())).append('\n');
    } else {
      notRecorded("per-class accuracy");
    }
    Facts.first(f.eval(), "metrics.confusion", "confusion", "confusionMatrix").ifPresent(c ->
        p("The confusion matrix is in `metrics/eval.json` (rows: true class, columns: predicted class)."));
  }

  private void inference() {
    h(2, "Inference");
    JsonNode infer = f.stage("infer");
    h(3, "Code");
    Optional<String> predict = Facts.text(infer, "details.predictCommand", "details.command");
    String runPath = relativeRunPath();
    p("Predict the class of an image with the trained model from the command line:");
    md.append(Markdown.codeBlock("bash", predict.orElse("./recipe infer " + runPath + " path/to/image.png --top 3\n"
        + "./recipe infer " + runPath + "/export/model.onnx path/to/image.png --top 3   # ONNX Runtime")));
    md.append('\n');
    p("From Java (the `infer` module's `Classifier`, with the preprocessing recorded in `model/model.json`):");
    md.append(Markdown.codeBlock("java", Facts.text(infer, "details.javaSnippet").orElse(
        "try (Classifier classifier = Classifiers.open(Path.of(\"" + runPath.replace("\"", "") + "\"), Backend.DJL, 0)) {\n"
            + "  Prediction prediction = classifier.predict(Path.of(\"image.png\"));  // all classes, best first\n"
            + "  for (ClassScore c : prediction.top().subList(0, 3)) {\n"
            + "    System.out.printf(\"%s %.3f%n\", c.name(), c.probability());\n"
            + "  }\n"
            + "}")));
    md.append('\n');
    p("The infer stage itself was run with the code below.");
    code("infer", "Command that re-runs the inference stage (worked examples and timing)");
    examples(infer);
    h(3, "Timing information");
    timing(infer);
    h(3, "Serialization");
    serialization();
  }

  private String relativeRunPath() {
    JsonNode anyRecord = f.stages().values().stream().findFirst().orElse(null);
    Optional<String> wd = Facts.text(anyRecord, "code.workingDirectory");
    Path root = f.run().root();
    if (wd.isPresent()) {
      Path w = Path.of(wd.get()).toAbsolutePath().normalize();
      if (root.startsWith(w)) {
        return w.relativize(root).toString().replace('\\', '/');
      }
    }
    return root.toString();
  }

  private void examples(JsonNode infer) {
    Optional<JsonNode> ex = Facts.first(infer, "details.examples", "metrics.examples", "details.workedExamples");
    if (ex.isEmpty() || !ex.get().isArray() || ex.get().isEmpty()) {
      notRecorded("worked examples (the infer stage's details.examples)");
      return;
    }
    // predictions are arrays of {name, probability}: one column per array (one per runtime)
    List<String> predictionKeys = new ArrayList<>();
    ex.get().path(0).fields().forEachRemaining(e -> {
      if (e.getValue().isArray() && e.getValue().path(0).has("probability")) {
        predictionKeys.add(e.getKey());
      }
    });
    p("Worked example on test images, with the model's top predictions:");
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode e : ex.get()) {
      List<String> row = new ArrayList<>();
      row.add(Facts.text(e, "image", "imagePath", "path", "file").map(this::imageCell).orElse("—"));
      row.add(Facts.text(e, "trueClass", "className", "label", "truth", "expected").map(Markdown::text).orElse("—"));
      for (String k : predictionKeys) {
        List<String> ps = new ArrayList<>();
        for (JsonNode p : e.path(k)) {
          String cls = Facts.text(p, "name", "className", "class", "label").orElse("?");
          Optional<Double> prob = Facts.number(p, "probability", "prob", "score");
          ps.add(Markdown.text(cls) + prob.map(x -> " (" + Values.percent(x) + ")").orElse(""));
        }
        row.add(String.join("<br>", ps));
      }
      rows.add(row);
    }
    List<String> header = new ArrayList<>(List.of("image", "true class"));
    predictionKeys.forEach(k -> header.add("predicted by " + Markdown.text(LIBRARY_NAMES.getOrDefault(k, k))
        + " (probability)"));
    md.append(Markdown.table(header, rows)).append('\n');
  }

  /** An image recorded by a stage: embedded when it resolves to an existing file inside the run. */
  private String imageCell(String recorded) {
    try {
      Path p = f.run().resolveInside(recorded);
      if (Files.isRegularFile(p)) {
        String rel = f.run().root().relativize(p).toString().replace('\\', '/');
        return Markdown.image(p.getFileName().toString(), rel);
      }
      return Markdown.code(recorded) + " (file missing)";
    } catch (RecipeException e) {
      return Markdown.code(recorded) + " (refused: outside the run directory)";
    }
  }

  private void timing(JsonNode infer) {
    if (!f.has("infer")) {
      notRecorded("inference timing (no stages/infer.json)");
      return;
    }
    JsonNode env = infer.path("environment");
    JsonNode gpus = env.path("gpus");
    Optional<String> summary = Facts.text(infer, "metrics.hardware");
    String fromEnv = (gpus.isArray() && !gpus.isEmpty() ? "GPU " + Values.cell(gpus) + "; " : "CPU only: ")
        + Facts.text(env, "cpuModel").map(Markdown::text).orElse("CPU model not recorded") + ", "
        + Facts.text(env, "cores").orElse("?") + " cores, "
        + Facts.number(env, "memoryBytes").map(b -> Values.bytes(b.longValue())).orElse("memory not recorded");
    li("Hardware", summary.map(h -> "CPU " + Markdown.text(h)).orElse(fromEnv));
    li("Software", software(env));
    JsonNode threads = env.path("threads");
    if (threads.size() > 0) {
      li("Threads", objectInline(threads));
    }
    endList();
    Optional<JsonNode> table = Facts.first(infer, "metrics.latency", "details.latency", "metrics.timing",
        "details.timing", "metrics.benchmark", "details.benchmark");
    if (table.isPresent() && table.get().isArray() && table.get().path(0).has("meanMs")) {
      p("Latency per call (one batch), in milliseconds; volatile by nature:");
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode r : table.get()) {
        rows.add(List.of(Values.cell(r.path("backend")), Values.cell(r.path("batch")),
            r.path("preprocessing").asBoolean() ? "yes" : "no", Values.cell(r.path("meanMs")),
            Values.cell(r.path("p50Ms")), Values.cell(r.path("p90Ms")), Values.cell(r.path("p99Ms")),
            Values.cell(r.path("imagesPerSecond")), Values.cell(r.path("warmup")) + " / " + Values.cell(r.path("runs"))));
      }
      md.append(Markdown.table(List.of("runtime", "batch size", "with preprocessing", "mean ms", "p50 ms",
          "p90 ms", "p99 ms", "images/s", "warmup / timed runs"), rows)).append('\n');
    } else if (table.isPresent()) {
      p("Latency per batch size (volatile by nature):");
      md.append(Values.block(table.get())).append('\n');
    } else {
      notRecorded("the latency table (the infer stage's metrics.latency)");
      JsonNode metrics = infer.path("metrics");
      if (metrics.size() > 0) {
        p("Metrics the infer stage recorded:");
        md.append(Values.block(metrics)).append('\n');
      }
    }
    p("Batch sizes timed: " + Values.cell(Facts.first(infer, "params.benchBatches").orElse(spec("infer.benchBatches")))
        + " (batch size per row above).");
  }

  private static String software(JsonNode env) {
    List<String> parts = new ArrayList<>();
    Facts.text(env, "java").ifPresent(j -> parts.add("Java " + Markdown.text(j)
        + Facts.text(env, "javaVendor").map(v -> " (" + Markdown.text(v) + ")").orElse("")));
    env.path("libraries").fields().forEachRemaining(e ->
        parts.add(Markdown.text(LIBRARY_NAMES.getOrDefault(e.getKey(), e.getKey())) + " "
            + Markdown.text(e.getValue().asText())));
    Facts.text(env, "os").ifPresent(o -> parts.add(Markdown.text(o)));
    return parts.isEmpty() ? "not recorded" : String.join(", ", parts);
  }

  private void serialization() {
    JsonNode export = f.stage("export");
    if (!f.has("export")) {
      notRecorded("serialization (no stages/export.json): the model was not exported to ONNX in this run");
      return;
    }
    li("Format", "ONNX, opset " + Facts.first(export, "metrics.onnx.opset", "params.opset", "details.opset",
        "metrics.opset").map(Values::cell).orElse(Values.cell(spec("export.opset"))));
    endList();
    JsonNode outputs = export.path("outputs");
    if (!outputs.isEmpty()) {
      fileTable(outputs, false);
    } else {
      notRecorded("the exported files");
    }
    Facts.first(export, "metrics.onnx").filter(JsonNode::isObject).ifPresent(o -> {
      p("The ONNX model:");
      md.append(Values.block(o)).append('\n');
    });
    Optional<JsonNode> parity = Facts.first(export, "metrics.parity");
    JsonNode metrics = export.path("metrics");
    if (parity.isPresent() || metrics.size() > 0) {
      p("Parity between ONNX Runtime and DJL on test images (tolerance "
          + Values.cell(spec("export.parityTolerance")) + " on logits):");
      md.append(Values.block(parity.orElse(metrics))).append('\n');
    } else {
      notRecorded("ONNX parity figures");
    }
    code("export", "Command that re-runs the export");
  }

  private void misc() {
    h(2, "Miscellaneous");
    h(3, "Warnings");
    Map<String, List<String>> warnings = new LinkedHashMap<>();
    f.stages().forEach((s, r) -> r.path("warnings").forEach(w -> warnings.computeIfAbsent(s, k -> new ArrayList<>()).add(w.asText())));
    if (warnings.isEmpty()) {
      p("No stage recorded a warning.");
    } else {
      warnings.forEach((s, ws) -> ws.forEach(w -> md.append("- ").append(Markdown.code(s)).append(": ")
          .append(Markdown.text(w)).append('\n')));
      endList();
    }
    for (String problem : f.problems()) {
      md.append("- unreadable record: ").append(Markdown.text(problem)).append('\n');
    }
    if (!f.problems().isEmpty()) {
      endList();
    }
    h(3, "Quarantined inputs");
    Optional<Map.Entry<String, JsonNode>> q = keyed("prepare", "quarantin");
    if (q.isPresent()) {
      JsonNode n = q.get().getValue();
      if (emptyOrZero(n)) {
        p("No input was quarantined.");
      } else {
        p("Inputs set aside as unreadable (" + Markdown.text(q.get().getKey()) + "):");
        md.append(Values.block(n)).append('\n');
      }
    } else {
      notRecorded("quarantined inputs (the prepare stage's details)");
    }
    h(3, "Environment");
    environment();
    h(3, "Determinism");
    determinism();
    h(3, "Stages");
    List<List<String>> rows = new ArrayList<>();
    for (String s : RunFacts.STAGES) {
      JsonNode r = f.stage(s);
      rows.add(f.has(s)
          ? List.of(Markdown.code(s), Values.cell(r.path("status")),
              Facts.text(r, "code.git.commit").map(c -> Markdown.code(c.substring(0, Math.min(12, c.length())))).orElse("—"),
              Values.cell(r.path("code").path("git").path("dirty")),
              Facts.number(r, "volatileInfo.seconds").map(Values::seconds).orElse("—"),
              Values.cell(r.path("volatileInfo").path("host")))
          : List.of(Markdown.code(s), "not recorded", "—", "—", "—", "—"));
    }
    md.append(Markdown.table(List.of("stage", "status", "commit", "dirty", "time", "host"), rows)).append('\n');
    h(3, "Reproduce");
    p("The one command that re-runs this recipe into a new directory and compares the result with "
        + "this run, epoch by epoch and target by target:");
    md.append(Markdown.codeBlock("bash", "./recipe reproduce " + relativeRunPath() + "/recipe.json"));
  }

  private static boolean emptyOrZero(JsonNode n) {
    return (n.isContainerNode() && n.isEmpty()) || (n.isNumber() && n.asLong() == 0);
  }

  private void environment() {
    if (f.stages().isEmpty()) {
      notRecorded("the environment (no stage records)");
      return;
    }
    List<String> fields = List.of("java", "javaVendor", "os", "arch", "cpuModel", "cores", "memoryBytes",
        "maxHeapBytes", "gpus", "libraries", "threads");
    List<String> header = new ArrayList<>();
    header.add("");
    f.stages().keySet().forEach(s -> header.add(Markdown.code(s)));
    List<List<String>> rows = new ArrayList<>();
    for (String field : fields) {
      List<String> row = new ArrayList<>();
      row.add(Markdown.text(field));
      f.stages().values().forEach(r -> {
        JsonNode n = r.path("environment").path(field);
        row.add(n.isNumber() && field.endsWith("Bytes") ? Values.bytes(n.asLong())
            : n.isObject() ? objectInline(n) : Values.cell(n));
      });
      rows.add(row);
    }
    md.append(Markdown.table(header, rows)).append('\n');
  }

  private static String objectInline(JsonNode n) {
    return objectInline(n, "<br>");
  }

  private static String objectInline(JsonNode n, String separator) {
    List<String> parts = new ArrayList<>();
    n.fields().forEachRemaining(e -> parts.add(Markdown.text(e.getKey()) + " " + Values.cell(e.getValue())));
    return parts.isEmpty() ? "—" : String.join(separator, parts);
  }

  private void determinism() {
    JsonNode train = f.stage("train");
    Optional<JsonNode> d = Facts.first(train, "details.determinism", "details.deterministic", "metrics.deterministic");
    Optional<JsonNode> randomness = Facts.first(train, "details.randomness");
    if (d.isPresent() || randomness.isPresent()) {
      p("Recorded by the train stage:");
      d.ifPresent(x -> md.append(Values.block(x)).append('\n'));
      randomness.ifPresent(x -> li("Randomness", Values.cell(x)));
      Facts.first(train, "details.batchNorm").ifPresent(x -> li("BatchNorm", Values.cell(x)));
      Facts.first(train, "params.threads").ifPresent(x -> li("Threads", x.isObject() ? objectInline(x, ", ") : Values.cell(x)));
      endList();
    } else {
      notRecorded("a determinism statement from the train stage");
    }
    List<String> dirty = new ArrayList<>();
    f.stages().forEach((s, r) -> {
      if (r.path("code").path("git").path("dirty").asBoolean(false)) {
        dirty.add(s);
      }
    });
    p(dirty.isEmpty()
        ? "Every recorded stage ran from a clean commit."
        : "Stages run from a dirty work tree (the commit alone does not reproduce them): "
            + Markdown.text(String.join(", ", dirty)) + ".");
    p("Contract of the pipeline: the same spec, code, data, thread settings and hardware class "
        + "give bit-identical weights; `recipe reproduce` compares the SHA-256 of the final weights.");
  }
}
