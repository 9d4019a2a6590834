package dev.recipe.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.recipe.core.io.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code export/README.md}: a Hugging Face model card for the exported model. YAML front matter
 * (license, library_name, tags, datasets, pipeline_tag, base_model for fine-tunes, and a
 * {@code model-index} with the test split's top-1/top-5 exactly as {@code metrics/eval.json} has
 * them), then a short body that links the recipe and shows how to run the ONNX model. Every value
 * comes from the run's records; nothing is typed by hand.
 */
final class ModelCard {
  private ModelCard() {}

  /** The card, or null when the run exported no ONNX model. */
  static String markdown(RunFacts f) {
    JsonNode export = f.stage("export");
    JsonNode onnx = Facts.at(export, "metrics.onnx");
    if (!onnx.isObject()) {
      return null;
    }
    JsonNode spec = f.spec();
    String name = spec.path("name").asText("model");
    String dataset = Facts.at(spec, "data.dataset").asText("?");
    String license = Facts.at(spec, "export.license").asText("unknown");
    JsonNode pretrained = Facts.at(spec, "training.pretrained.path");

    Map<String, Object> front = new LinkedHashMap<>();
    front.put("license", license);
    front.put("library_name", "onnx");
    front.put("pipeline_tag", "image-classification");
    front.put("tags", List.of("image-classification", "resnet", "onnx", "safetensors", "recipe", dataset));
    front.put("datasets", List.of(dataset));
    if (Facts.present(pretrained)) {
      front.put("base_model", baseModel(pretrained.asText()));
    }
    JsonNode acc = Facts.at(f.eval(), "accuracy");
    if (acc.isObject() && !acc.isEmpty()) {
      List<Map<String, Object>> metrics = new ArrayList<>();
      acc.fields().forEachRemaining(e -> {
        String k = e.getKey().replace("top", "");
        metrics.add(Map.of("type", "accuracy", "name", "Top-" + k + " accuracy", "value", e.getValue().doubleValue()));
      });
      front.put("model-index", List.of(Map.of("name", name, "results", List.of(Map.of(
          "task", Map.of("type", "image-classification", "name", "Image Classification"),
          "dataset", Map.of("name", dataset, "type", dataset, "split", f.eval().path("split").asText("test")),
          "metrics", metrics)))));
    }
    StringBuilder md = new StringBuilder("---\n");
    try {
      md.append(Json.yaml().writeValueAsString(front));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    md.append("---\n\n# ").append(Markdown.text(name)).append("\n\n");
    Facts.text(spec, "description").ifPresent(d -> md.append(Markdown.text(d)).append("\n\n"));
    JsonNode train = f.stage("train");
    md.append("- Architecture: ").append(Markdown.text(Facts.at(train, "params.model").isObject()
        ? architecture(Facts.at(train, "params.model")) : "see RECIPE.md")).append('\n');
    md.append("- Trained on: ").append(Markdown.code(dataset))
        .append(Facts.present(pretrained) ? ", fine-tuned from " + Markdown.code(baseModel(pretrained.asText())) : ", from scratch")
        .append('\n');
    if (acc.isObject()) {
      List<String> parts = new ArrayList<>();
      acc.fields().forEachRemaining(e -> parts.add(e.getKey() + " " + Values.percent(e.getValue().asDouble())));
      md.append("- Result on the ").append(Markdown.text(f.eval().path("split").asText("test"))).append(" split (")
          .append(f.eval().path("samples").asText("?")).append(" images): ").append(String.join(", ", parts)).append('\n');
    }
    md.append("- License: ").append(Markdown.code(license)).append('\n');
    md.append("\nHow it was trained, exactly (data, split, hyperparameters, dynamics, timing, commit):"
        + " [RECIPE.md](../RECIPE.md) of this run; its machine-readable twin is [recipe.json](../recipe.json).\n\n");

    md.append("## Files\n\n");
    md.append("- `model.onnx`: ONNX opset ").append(onnx.path("opset").asText("?")).append(", SHA-256 ")
        .append(Markdown.code(onnx.path("sha256").asText("?"))).append("; input ")
        .append(Markdown.code(onnx.path("input").asText("?"))).append(", output ")
        .append(Markdown.code(onnx.path("output").asText("?"))).append('\n');
    if (Facts.at(export, "metrics.safetensors").isObject()) {
      md.append("- `model.safetensors`: the same weights with torchvision's tensor names\n");
    }
    if (Facts.at(export, "metrics.onnxTestData").isObject()) {
      md.append("- `test_data_set_0/`: `input_0.pb` (preprocessed test images) and `output_0.pb` (the logits"
          + " ONNX Runtime gives), ONNX TensorProto files as in the ONNX Model Zoo\n");
    }
    md.append("\n## Run the ONNX model\n\n");
    JsonNode pre = Facts.at(f.eval(), "model.preprocessing");
    md.append(Markdown.codeBlock("python", python(onnx, Facts.at(f.manifest(), "classNames")))).append('\n');
    md.append("Preprocessing (also in the model's `metadata_props` under `preprocessing`): ")
        .append(pre.isObject() ? TrainingSection.preprocessingText(pre)
            : "see the model's `metadata_props` (`preprocessing`)").append(".\n\n");
    md.append("With this project: `./recipe infer export/model.onnx IMAGE --top 5`.\n");
    return md.toString();
  }

  private static String baseModel(String path) {
    String p = path.replace('\\', '/');
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.substring(p.lastIndexOf('/') + 1);
  }

  private static String architecture(JsonNode model) {
    return String.format(Locale.ROOT, "ResNet-%d (torchvision v1.5 layout), width %d, %s stem, %d input channel(s), %d classes",
        model.path("depth").asInt(), model.path("width").asInt(), model.path("stem").asText("?").toLowerCase(Locale.ROOT),
        model.path("inputChannels").asInt(), model.path("numClasses").asInt());
  }

  private static String python(JsonNode onnx, JsonNode classNames) {
    List<String> names = new ArrayList<>();
    classNames.forEach(n -> names.add(n.asText()));
    return "import numpy as np, onnx, onnxruntime as ort\n"
        + "from onnx import numpy_helper\n\n"
        + "session = ort.InferenceSession(\"model.onnx\")\n"
        + "# a check on the shipped test case: same logits as when the model was exported\n"
        + "x = numpy_helper.to_array(onnx.load_tensor(\"test_data_set_0/input_0.pb\"))\n"
        + "expected = numpy_helper.to_array(onnx.load_tensor(\"test_data_set_0/output_0.pb\"))\n"
        + "logits = session.run(None, {\"input\": x})[0]\n"
        + "print(np.abs(logits - expected).max())\n"
        + (names.isEmpty() || names.size() > 30 ? "" : "classes = " + pythonList(names) + "\n")
        + (names.isEmpty() || names.size() > 30 ? "" : "print([classes[i] for i in logits.argmax(1)])\n");
  }

  private static String pythonList(List<String> names) {
    List<String> q = new ArrayList<>();
    names.forEach(n -> q.add("\"" + n.replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
    return "[" + String.join(", ", q) + "]";
  }
}
