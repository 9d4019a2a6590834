package dev.recipe.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.recipe.core.io.Json;
import dev.recipe.core.spec.RecipeSpec;
import dev.recipe.evaluate.EvalReport;
import dev.recipe.model.ResNetConfig;
import dev.recipe.serialize.ExportResult;
import dev.recipe.train.TrainResult;
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
    ExportResult export = f.results().export();
    ExportResult.Onnx onnx = export == null || export.metrics() == null ? null : export.metrics().onnx();
    if (onnx == null || f.spec() == null) {
      return null;
    }
    RecipeSpec spec = f.spec();
    String name = spec.name();
    String dataset = spec.data().dataset();
    String license = spec.export().license() == null ? "unknown" : spec.export().license();
    String pretrained = spec.training().pretrained() == null ? null : spec.training().pretrained().path();
    EvalReport eval = f.eval();

    Map<String, Object> front = new LinkedHashMap<>();
    front.put("license", license);
    front.put("library_name", "onnx");
    front.put("pipeline_tag", "image-classification");
    front.put("tags", List.of("image-classification", "resnet", "onnx", "safetensors", "recipe", dataset));
    front.put("datasets", List.of(dataset));
    if (pretrained != null) {
      front.put("base_model", baseModel(pretrained));
    }
    if (eval != null && !eval.accuracy().isEmpty()) {
      List<Map<String, Object>> metrics = new ArrayList<>();
      eval.accuracy().forEach((key, value) -> metrics.add(Map.of("type", "accuracy",
          "name", "Top-" + key.replace("top", "") + " accuracy", "value", value)));
      front.put("model-index", List.of(Map.of("name", name, "results", List.of(Map.of(
          "task", Map.of("type", "image-classification", "name", "Image Classification"),
          "dataset", Map.of("name", dataset, "type", dataset, "split", eval.split()),
          "metrics", metrics)))));
    }
    StringBuilder md = new StringBuilder("---\n");
    try {
      md.append(Json.yaml().writeValueAsString(front));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    md.append("---\n\n# ").append(Markdown.text(name)).append("\n\n");
    md.append(Markdown.text(spec.description())).append("\n\n");
    TrainResult train = f.results().train();
    md.append("- Architecture: ").append(Markdown.text(train != null
        ? architecture(train.params().model()) : "see RECIPE.md")).append('\n');
    md.append("- Trained on: ").append(Markdown.code(dataset))
        .append(pretrained != null ? ", fine-tuned from " + Markdown.code(baseModel(pretrained)) : ", from scratch")
        .append('\n');
    if (eval != null) {
      List<String> parts = new ArrayList<>();
      eval.accuracy().forEach((k, v) -> parts.add(k + " " + Values.percent(v)));
      md.append("- Result on the ").append(Markdown.text(eval.split())).append(" split (")
          .append(eval.samples()).append(" images): ").append(String.join(", ", parts)).append('\n');
    }
    md.append("- License: ").append(Markdown.code(license)).append('\n');
    md.append("\nHow it was trained, exactly (data, split, hyperparameters, dynamics, timing, commit):"
        + " [RECIPE.md](../RECIPE.md) of this run; its machine-readable twin is [recipe.json](../recipe.json).\n\n");

    md.append("## Files\n\n");
    md.append("- `model.onnx`: ONNX opset ").append(onnx.opset()).append(", SHA-256 ")
        .append(Markdown.code(onnx.sha256())).append("; input ")
        .append(Markdown.code(onnx.input())).append(", output ")
        .append(Markdown.code(onnx.output())).append('\n');
    if (export.metrics().safetensors() != null) {
      md.append("- `model.safetensors`: the same weights with torchvision's tensor names\n");
    }
    if (export.metrics().onnxTestData() != null) {
      md.append("- `test_data_set_0/`: `input_0.pb` (preprocessed test images) and `output_0.pb` (the logits"
          + " ONNX Runtime gives), ONNX TensorProto files as in the ONNX Model Zoo\n");
    }
    md.append("\n## Run the ONNX model\n\n");
    md.append(Markdown.codeBlock("python", python(f.manifest() == null ? List.of() : f.manifest().classNames())))
        .append('\n');
    md.append("Preprocessing (also in the model's `metadata_props` under `preprocessing`): ")
        .append(eval != null ? TrainingSection.preprocessingText(Values.tree(eval.model().preprocessing()))
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

  private static String architecture(ResNetConfig model) {
    return String.format(Locale.ROOT, "ResNet-%d (torchvision v1.5 layout), width %d, %s stem, %d input channel(s), %d classes",
        model.depth(), model.width(), Values.tree(model.stem()).asText().toLowerCase(Locale.ROOT),
        model.inputChannels(), model.numClasses());
  }

  private static String python(List<String> names) {
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
