package dev.recipe.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The "Training" section of RECIPE.md: the network, hyperparameters, dynamics and performance
 * metrics.
 */
final class TrainingSection extends RecipeWriter {
  TrainingSection(RecipeWriter document) {
    super(document);
  }

  void training() {
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
            ? ", emulated on one device: the global batch is cut into per-device parts that run one thread each" : "")
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
    md.append("    * Mixup / cutmix: ").append(RegularizationText.mixing(t)).append('\n');
    md.append("    * Gradient clipping: ").append(Facts.present(t.path("clipGradNorm"))
        ? "the global L2 norm of the gradients (over every trainable tensor, after the reduction over"
            + " devices and before weight decay is added) is clipped to " + Values.cell(t.path("clipGradNorm"))
            + ", as `torch.nn.utils.clip_grad_norm_`: every gradient times min(1, max / (norm + 1e-6))"
        : "none").append('\n');
    md.append("    * Weight average (EMA): ").append(RegularizationText.ema(t, train)).append('\n');
    md.append("    * Repeated augmentation: ").append(Facts.present(t.path("repeatedAugmentations"))
        ? Values.cell(t.path("repeatedAugmentations")) + " copies of every image per epoch, each on"
            + " another device with its own augmentation, about one epoch's worth kept (torchvision's"
            + " `RASampler`; the order below says exactly which)"
        : "none (each image once per epoch)").append('\n');
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
    orderExactly(train);
  }

  /** The epoch shuffle as an algorithm, with epoch 1's order as a check value. */
  private void orderExactly(JsonNode train) {
    Optional<String> algorithm = Facts.text(train, "details.shuffleAlgorithm");
    JsonNode order = Facts.at(train, "details.epoch1Order");
    if (algorithm.isEmpty() || !order.isObject()) {
      notRecorded("the shuffle algorithm and epoch 1's order (a train record from before they were kept)");
      return;
    }
    p("The order of the training samples, exactly (shuffle seed " + Values.cell(spec("seed"))
        + "; a position is an index into the stored train split, which is in source order):");
    md.append(Markdown.codeBlock("text", algorithm.get())).append('\n');
    List<String> first = new ArrayList<>();
    order.path("first").forEach(x -> first.add(x.asText()));
    p("Check value: epoch 1 visits the " + Values.cell(order.path("count")) + " positions in an order whose"
        + " SHA-256 (each position in decimal followed by one newline) is "
        + Markdown.code(order.path("sha256").asText()) + "; its first positions are "
        + Markdown.code(String.join(", ", first)) + ".");
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
      boolean ema = f.epochs().stream().anyMatch(e -> e.has("valTop1Ema"));
      List<String> keys = new ArrayList<>(List.of("epoch", "loss", "valLoss", "trainTop1", "valTop1",
          "valTop5", "lr", "imagesPerSecond", "dataSeconds", "computeSeconds", "epochSeconds"));
      List<String> headers = new ArrayList<>(List.of("epoch", "train loss", "val loss", "train top-1",
          "val top-1", "val top-5", "lr", "images/s", "data s", "compute s", "epoch s"));
      if (ema) {
        keys.add(6, "valTop1Ema");
        headers.add(6, "val top-1 (EMA)");
      }
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode e : f.epochs()) {
        List<String> row = new ArrayList<>();
        for (String k : keys) {
          JsonNode n = e.path(k);
          row.add(n.isNumber() && (k.endsWith("Top1") || k.endsWith("Top5") || k.endsWith("Top1Ema"))
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
      md.append(Markdown.table(headers, rows)).append('\n');
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
    JsonNode other = Facts.at(f.stage("evaluate"), "metrics.otherWeights");
    if (other.isObject()) {
      boolean raw = "raw".equals(other.path("weights").asText());
      p("The " + (raw ? "raw weights (the last step's, not averaged; `model-raw/`)"
          : "averaged weights (EMA; `model-ema/`)") + " on the same split, evaluated the same way: top-1 "
          + Values.percent(other.path("top1").asDouble()) + (other.has("top5")
              ? ", top-5 " + Values.percent(other.path("top5").asDouble()) : "")
          + ", loss " + Values.cell(other.path("loss")) + " (weights SHA-256 "
          + Markdown.code(other.path("weightsSha256").asText("?")) + ").");
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
}
