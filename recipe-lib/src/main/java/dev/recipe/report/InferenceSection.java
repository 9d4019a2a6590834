package dev.recipe.report;

import dev.recipe.core.RecipeException;
import dev.recipe.core.prov.EnvironmentInfo;
import dev.recipe.core.record.FileRef;
import dev.recipe.core.record.StageRecord;
import dev.recipe.deploy.ClassScore;
import dev.recipe.deploy.InferenceBench;
import dev.recipe.infer.InferResult;
import dev.recipe.serialize.ExportResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

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
    InferResult infer = f.results().infer();
    h(3, "Code");
    String runPath = relativeRunPath();
    p("Predict the class of an image with the trained model from the command line:");
    md.append(Markdown.codeBlock("bash", "./recipe infer " + runPath + " path/to/image.png --top 3\n"
        + "./recipe infer " + runPath + "/export/model.onnx path/to/image.png --top 3   # ONNX Runtime"));
    md.append('\n');
    p("From Java (the `infer` module's `Classifier`, with the preprocessing recorded in `model/model.json`):");
    md.append(Markdown.codeBlock("java",
        "try (Classifier classifier = Classifiers.open(Path.of(\"" + runPath.replace("\"", "") + "\"), Backend.DJL, 0)) {\n"
            + "  Prediction prediction = classifier.predict(Path.of(\"image.png\"));  // all classes, best first\n"
            + "  for (ClassScore c : prediction.top().subList(0, 3)) {\n"
            + "    System.out.printf(\"%s %.3f%n\", c.name(), c.probability());\n"
            + "  }\n"
            + "}"));
    md.append('\n');
    p("The infer stage itself was run with the code below.");
    code("infer", "Command that re-runs the inference stage (worked examples and timing)");
    examples(infer);
    h(3, "Timing information");
    timing(infer);
    h(3, "Serialization");
    serialization();
  }

  private void examples(InferResult infer) {
    List<InferResult.Example> ex = infer == null ? List.of() : infer.details().examples();
    if (ex.isEmpty()) {
      notRecorded("worked examples (the infer stage's details.examples)");
      return;
    }
    // one column per runtime that predicted
    Map<String, Function<InferResult.Example, List<ClassScore>>> runtimes = new LinkedHashMap<>();
    if (ex.get(0).djl() != null) {
      runtimes.put("djl", InferResult.Example::djl);
    }
    if (ex.get(0).onnx() != null) {
      runtimes.put("onnx", InferResult.Example::onnx);
    }
    p("Worked example on test images, with the model's top predictions:");
    List<List<String>> rows = new ArrayList<>();
    for (InferResult.Example e : ex) {
      List<String> row = new ArrayList<>();
      row.add(imageCell(e.image()));
      row.add(Markdown.text(e.trueClass()));
      runtimes.values().forEach(get -> row.add(String.join("<br>", get.apply(e).stream()
          .map(c -> Markdown.text(c.name()) + " (" + Values.percent(c.probability()) + ")").toList())));
      rows.add(row);
    }
    List<String> header = new ArrayList<>(List.of("image", "true class"));
    runtimes.keySet().forEach(k -> header.add("predicted by " + Markdown.text(LIBRARY_NAMES.getOrDefault(k, k))
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

  private void timing(InferResult infer) {
    Optional<StageRecord> rec = f.record("infer");
    if (rec.isEmpty()) {
      notRecorded("inference timing (no stages/infer.json)");
      return;
    }
    EnvironmentInfo env = rec.get().environment();
    String fromEnv = (!env.gpus().isEmpty() ? "GPU " + Values.cell(env.gpus()) + "; " : "CPU only: ")
        + (env.cpuModel() == null ? "CPU model not recorded" : Markdown.text(env.cpuModel())) + ", "
        + env.cores() + " cores, " + Values.bytes(env.memoryBytes());
    li("Hardware", infer != null && infer.metrics().hardware() != null
        ? "CPU " + Markdown.text(infer.metrics().hardware()) : fromEnv);
    li("Software", software(env));
    if (!env.threads().isEmpty()) {
      li("Threads", objectInline(env.threads(), "<br>"));
    }
    endList();
    if (infer != null && !infer.metrics().latency().isEmpty()) {
      p("Latency per call (one batch), in milliseconds; volatile by nature:");
      List<List<String>> rows = new ArrayList<>();
      for (InferenceBench.Row r : infer.metrics().latency()) {
        rows.add(List.of(Markdown.text(r.backend()), Values.num(r.batch()),
            r.preprocessing() ? "yes" : "no", Values.num(r.meanMs()),
            Values.num(r.p50Ms()), Values.num(r.p90Ms()), Values.num(r.p99Ms()),
            Values.num(r.imagesPerSecond()), Values.num(r.warmup()) + " / " + Values.num(r.runs())));
      }
      md.append(Markdown.table(List.of("runtime", "batch size", "with preprocessing", "mean ms", "p50 ms",
          "p90 ms", "p99 ms", "images/s", "warmup / timed runs"), rows)).append('\n');
    } else {
      notRecorded("the latency table (the infer stage's metrics.latency)");
    }
    p("Batch sizes timed: " + Values.cell(infer != null ? infer.params().benchBatches()
        : f.spec() == null ? null : f.spec().infer().benchBatches()) + " (batch size per row above).");
  }

  private static String software(EnvironmentInfo env) {
    List<String> parts = new ArrayList<>();
    if (env.java() != null) {
      parts.add("Java " + Markdown.text(env.java()) + (env.javaVendor() == null ? "" : " (" + Markdown.text(env.javaVendor()) + ")"));
    }
    env.libraries().forEach((k, v) -> parts.add(Markdown.text(LIBRARY_NAMES.getOrDefault(k, k)) + " " + Markdown.text(v)));
    if (env.os() != null) {
      parts.add(Markdown.text(env.os()));
    }
    return parts.isEmpty() ? "not recorded" : String.join(", ", parts);
  }

  private void serialization() {
    Optional<StageRecord> rec = f.record("export");
    ExportResult export = f.results().export();
    if (rec.isEmpty()) {
      notRecorded("serialization (no stages/export.json): the model was not exported to ONNX in this run");
      return;
    }
    li("Format", "ONNX, opset " + (export != null && export.metrics() != null && export.metrics().onnx() != null
        ? Values.num(export.metrics().onnx().opset())
        : export != null ? Values.num(export.params().opset()) : "—"));
    endList();
    List<FileRef> outputs = rec.get().outputs();
    if (!outputs.isEmpty()) {
      fileTable(outputs, false);
    } else {
      notRecorded("the exported files");
    }
    ExportResult.Metrics m = export == null ? null : export.metrics();
    if (m != null && m.onnx() != null) {
      p("The ONNX model:");
      md.append(Values.block(m.onnx())).append('\n');
    }
    if (m != null && (m.parity() != null || m.safetensors() != null || m.onnxTestData() != null)) {
      p("Parity between ONNX Runtime and DJL on test images (tolerance "
          + Values.cell(f.spec() == null ? null : f.spec().export().parityTolerance()) + " on logits):");
      md.append(Values.block(m.parity() != null ? m.parity() : m)).append('\n');
    } else {
      notRecorded("ONNX parity figures");
    }
    code("export", "Command that re-runs the export");
  }
}
