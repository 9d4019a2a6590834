package dev.recipe.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recipe.core.RecipeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The "Inference" section of RECIPE.md: how to run the model, worked examples, latency and
 * serialization.
 */
final class InferenceSection extends RecipeWriter {
  private static final Map<String, String> LIBRARY_NAMES =
      Map.of("djl", "DJL", "pytorch", "PyTorch", "onnxruntime", "ONNX Runtime", "onnx", "ONNX Runtime");

  InferenceSection(RecipeWriter document) {
    super(document);
  }

  void inference() {
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
}
