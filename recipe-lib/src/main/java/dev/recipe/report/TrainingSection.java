package dev.recipe.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recipe.core.io.ListDigest;
import dev.recipe.core.prov.EnvironmentInfo;
import dev.recipe.core.prov.Volatile;
import dev.recipe.core.record.DynamicsLine;
import dev.recipe.core.record.FileRef;
import dev.recipe.core.record.StageRecord;
import dev.recipe.core.spec.ModelSpec;
import dev.recipe.core.spec.TrainingSpec;
import dev.recipe.evaluate.EvalReport;
import dev.recipe.evaluate.EvaluateResult;
import dev.recipe.evaluate.Metrics;
import dev.recipe.train.TrainResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
    TrainResult train = f.results().train();
    if (f.spec() != null) {
      ModelSpec model = f.spec().model();
      li("Architecture", Markdown.text("ResNet-" + model.depth() + " (torchvision v1.5 layout), width "
          + model.width() + ", stem " + Values.tree(model.stem()).asText()));
      if (train != null) {
        li("Parameters", Values.num(train.metrics().parameters()));
      }
      li("Zero-init residual BatchNorm", Values.cell(model.zeroInitResidual()));
    } else {
      notRecorded("the model section of the spec");
    }
    li("Loss", "softmax cross-entropy, label smoothing "
        + (f.spec() == null ? "—" : Values.cell(f.spec().training().labelSmoothing())));
    endList();
    if (train != null && train.details().architecture() != null && !train.details().architecture().isEmpty()) {
      p("The network, layer by layer (recorded by the train stage):");
      train.details().architecture().forEach(e -> li(Markdown.text(e.part()), Markdown.text(e.description())));
      endList();
    }

    h(4, "Code");
    code("train", "Command that re-runs training");

    h(4, "Hyperparameters");
    hyperparameters();

    h(4, "Dynamics");
    dynamics();

    h(4, "Outputs");
    List<FileRef> outputs = f.record("train").map(StageRecord::outputs).orElse(List.of());
    if (!outputs.isEmpty()) {
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
    if (f.spec() == null) {
      notRecorded("the training section of the spec");
      return;
    }
    TrainingSpec t = f.spec().training();
    TrainResult train = f.results().train();
    EnvironmentInfo env = f.record("train").map(StageRecord::environment).orElse(null);
    String kind = env != null && !env.gpus().isEmpty()
        ? "GPU (" + Values.cell(env.gpus()) + ")"
        : env != null && env.cpuModel() != null ? "CPU (" + Markdown.text(env.cpuModel()) + ")" : "not recorded";
    int devices = t.devices();
    int perDevice = t.batchSize();
    int accumulate = t.accumulate();
    md.append("* Batch\n");
    md.append("    * Batch size per device: ").append(perDevice).append('\n');
    md.append("    * Devices: ").append(devices).append(" x ").append(kind)
        .append(train == null ? "" : " (engine devices: " + Values.cell(train.params().devices()) + ")")
        .append(train != null && train.params().devicesEmulated()
            ? ", emulated on one device: the global batch is cut into per-device parts that run one thread each" : "")
        .append('\n');
    md.append("    * Gradient accumulation: ").append(accumulate).append(" micro-batch(es) per optimizer step\n");
    md.append("    * Global batch size: ").append(train != null ? Values.num(train.params().globalBatch())
        : String.valueOf(perDevice * devices * accumulate)).append('\n');
    md.append("    * Epochs: ").append(Values.cell(t.epochs()));
    if (t.maxStepsPerEpoch() != null) {
      md.append(", at most ").append(Values.cell(t.maxStepsPerEpoch())).append(" optimizer steps per epoch");
    }
    if (train != null) {
      md.append(" (").append(Values.num(train.params().stepsPerEpoch())).append(" steps per epoch)");
    }
    md.append('\n');
    TrainingSpec.OptimizerSpec opt = t.optimizer();
    md.append("* Optimizer\n");
    md.append("    * ").append(Markdown.text(opt.name().toUpperCase(java.util.Locale.ROOT)))
        .append(" with momentum ").append(Values.cell(opt.momentum()))
        .append(Boolean.TRUE.equals(opt.nesterov()) ? " (Nesterov)" : "").append('\n');
    if (train != null) {
      md.append("    * Update rule: ").append(Markdown.text(train.details().optimizerUpdate())).append('\n');
    }
    md.append("    * Base learning rate: ").append(Values.cell(opt.lr())).append(" for the global batch\n");
    TrainingSpec.ScheduleSpec sch = t.schedule();
    String schName = Values.tree(sch.name()).asText();
    md.append("    * Learning-rate schedule: ").append(Markdown.code(schName));
    List<String> sp = new ArrayList<>();
    if (sch.stepSize() != null) {
      sp.add("step size " + Values.cell(sch.stepSize()) + " epochs");
    }
    if (!sch.milestones().isEmpty()) {
      sp.add("milestones at epochs " + Values.cell(sch.milestones()));
    }
    if (sch.gamma() != null && List.of("step", "multistep").contains(schName)) {
      sp.add("gamma " + Values.cell(sch.gamma()));
    }
    if (sch.warmupEpochs() != null && sch.warmupEpochs() > 0) {
      sp.add("linear warmup over " + Values.cell(sch.warmupEpochs()) + " epochs from "
          + Values.cell(sch.warmupStartFactor()) + " x lr");
    }
    if ("cosine".equals(schName)) {
      sp.add("down to " + Values.cell(sch.minLr()));
    }
    md.append(sp.isEmpty() ? "" : ", " + String.join(", ", sp)).append(", stepped per optimizer step\n");
    if (train != null) {
      md.append("    * Schedule, exactly: ").append(Markdown.text(train.details().lrFormula())).append('\n');
    }
    md.append("    * Head learning-rate multiplier: ").append(Values.cell(t.headLrMultiplier())).append('\n');
    md.append("* Regularization\n");
    md.append("    * Weight decay: ").append(Values.cell(opt.weightDecay()))
        .append(Boolean.TRUE.equals(opt.noDecayOnNormAndBias()) ? " (not on BatchNorm parameters and biases)" : "")
        .append('\n');
    md.append("    * Label smoothing: ").append(Values.cell(t.labelSmoothing())).append('\n');
    md.append("    * Mixup / cutmix: ").append(RegularizationText.mixing(t)).append('\n');
    md.append("    * Gradient clipping: ").append(t.clipGradNorm() != null
        ? "the global L2 norm of the gradients (over every trainable tensor, after the reduction over"
            + " devices and before weight decay is added) is clipped to " + Values.cell(t.clipGradNorm())
            + ", as `torch.nn.utils.clip_grad_norm_`: every gradient times min(1, max / (norm + 1e-6))"
        : "none").append('\n');
    md.append("    * Weight average (EMA): ").append(RegularizationText.ema(t, train)).append('\n');
    md.append("    * Repeated augmentation: ").append(t.repeatedAugmentations() != null
        ? Values.cell(t.repeatedAugmentations()) + " copies of every image per epoch, each on"
            + " another device with its own augmentation, about one epoch's worth kept (torchvision's"
            + " `RASampler`; the order below says exactly which)"
        : "none (each image once per epoch)").append('\n');
    md.append("* Pretrained weights: ");
    TrainingSpec.PretrainedSpec pretrained = t.pretrained();
    if (pretrained == null) {
      md.append("none (trained from scratch)\n");
    } else {
      String sha = train != null && train.details().pretrainedSha256() != null ? train.details().pretrainedSha256()
          : pretrained.sha256();
      md.append(Markdown.code(pretrained.path())).append(", SHA-256 ")
          .append(sha == null ? "not recorded" : Markdown.code(sha));
      if (train != null) {
        md.append(" (").append(Markdown.text(train.details().initialWeights())).append(")");
      }
      if (!t.freeze().isEmpty()) {
        md.append("; frozen: ").append(Values.cell(t.freeze()));
      }
      md.append('\n');
    }
    md.append("* Data augmentation (train split, in order; randomness derived from seed, epoch and sample)\n");
    if (t.augment().isEmpty()) {
      md.append("    * none\n");
    }
    for (TrainingSpec.AugmentSpec a : t.augment()) {
      JsonNode an = Values.inSpecOrder(a);
      List<String> parts = new ArrayList<>();
      an.fields().forEachRemaining(e -> {
        if (!e.getKey().equals("name") && !e.getValue().isNull()) {
          parts.add(Markdown.text(e.getKey()) + " " + Values.cell(e.getValue()));
        }
      });
      md.append("    * ").append(Markdown.code(an.path("name").asText("?")))
          .append(parts.isEmpty() ? "" : ": " + String.join(", ", parts)).append('\n');
    }
    JsonNode pre = f.eval() != null ? Values.tree(f.eval().model().preprocessing()) : Values.tree(t.preprocess());
    md.append("* Evaluation preprocessing (validation, evaluation, inference, ONNX metadata): ")
        .append(pre.isObject() ? preprocessingText(pre) : "not recorded").append('\n');
    md.append("* Seed: ").append(Values.cell(f.spec().seed())).append("; data-loading threads: ")
        .append(Values.cell(t.loaderThreads())).append("; engine threads: ")
        .append(t.threads() != null ? Values.cell(t.threads()) : "engine default")
        .append('\n');
    md.append("* Arithmetic: ").append(precisionText(Values.tree(t.precision()).asText("fp32")))
        .append("; memory format of images and activations: ")
        .append(Markdown.code(Values.tree(t.memoryFormat()).asText("contiguous")))
        .append("\n\n");
    for (String w : warningsOf("train")) {
      String lower = w.toLowerCase(java.util.Locale.ROOT);
      if (lower.contains("flip") || lower.contains("augment")) {
        p("Note from the train stage: " + Markdown.text(w));
      }
    }
    orderExactly(train);
  }

  /** The epoch shuffle as an algorithm, with epoch 1's order as a check value. */
  private void orderExactly(TrainResult train) {
    ListDigest.Check order = train == null ? null : train.details().epoch1Order();
    if (order == null || train.details().shuffleAlgorithm() == null) {
      notRecorded("the shuffle algorithm and epoch 1's order (a train record from before they were kept)");
      return;
    }
    p("The order of the training samples, exactly (shuffle seed " + Values.cell(f.spec() == null ? null : f.spec().seed())
        + "; a position is an index into the stored train split, which is in source order):");
    md.append(Markdown.codeBlock("text", train.details().shuffleAlgorithm())).append('\n');
    p("Check value: epoch 1 visits the " + Values.num(order.count()) + " positions in an order whose"
        + " SHA-256 (each position in decimal followed by one newline) is "
        + Markdown.code(order.sha256()) + "; its first positions are "
        + Markdown.code(String.join(", ", order.first())) + ".");
  }

  /**
   * The evaluation preprocessing in words: only the steps that happen (an interpolation is named
   * only when something is resized).
   */
  static String preprocessingText(JsonNode pre) {
    List<String> steps = new ArrayList<>();
    boolean resize = present(pre.path("resize"));
    boolean crop = present(pre.path("crop"));
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
    if (present(pre.path("channels"))) {
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

  private static boolean present(JsonNode n) {
    return !n.isMissingNode() && !n.isNull();
  }

  private void dynamics() {
    Optional<StageRecord> rec = f.record("train");
    TrainResult train = f.results().train();
    Volatile vol = rec.map(StageRecord::volatileInfo).orElse(null);
    String cpu = rec.map(StageRecord::environment).map(EnvironmentInfo::cpuModel).orElse(null);
    li("Total training time", (vol == null ? "not recorded" : Values.seconds(vol.seconds()))
        + (cpu == null ? "" : " on " + Markdown.text(cpu)));
    double meanIps = f.epochs().stream().mapToDouble(DynamicsLine::imagesPerSecond)
        .filter(Double::isFinite).average().orElse(Double.NaN);
    li("Throughput", vol != null && vol.throughput() != null
        ? Values.num(vol.throughput()) + " " + (vol.throughputUnit() == null ? "images/s" : vol.throughputUnit())
        : Double.isFinite(meanIps) ? Values.num(meanIps) + " images/s (mean over epochs)" : "not recorded");
    double data = train != null && train.metrics().dataSeconds() != null ? train.metrics().dataSeconds()
        : f.epochs().stream().mapToDouble(DynamicsLine::dataSeconds).sum();
    double compute = train != null && train.metrics().computeSeconds() != null ? train.metrics().computeSeconds()
        : f.epochs().stream().mapToDouble(DynamicsLine::computeSeconds).sum();
    li("Data versus compute time", data + compute > 0
        ? Values.seconds(data) + " waiting for data, " + Values.seconds(compute) + " computing ("
            + Values.percent(data / (data + compute)) + " data)"
        : "not recorded");
    li("Logged", f.epochs().size() + " epoch line(s) and " + f.steps().size()
        + " step line(s) in `metrics/train.jsonl`");
    endList();
    figures("loss.png", "accuracy.png", "lr.png", "throughput.png", "time.png");
    if (!f.epochs().isEmpty()) {
      boolean ema = f.epochs().stream().anyMatch(e -> e.valTop1Ema() != null);
      List<String> keys = new ArrayList<>(List.of("epoch", "loss", "valLoss", "trainTop1", "valTop1",
          "valTop5", "lr", "imagesPerSecond", "dataSeconds", "computeSeconds", "epochSeconds"));
      List<String> headers = new ArrayList<>(List.of("epoch", "train loss", "val loss", "train top-1",
          "val top-1", "val top-5", "lr", "images/s", "data s", "compute s", "epoch s"));
      if (ema) {
        keys.add(6, "valTop1Ema");
        headers.add(6, "val top-1 (EMA)");
      }
      List<List<String>> rows = new ArrayList<>();
      for (DynamicsLine line : f.epochs()) {
        JsonNode e = Values.tree(line);
        List<String> row = new ArrayList<>();
        for (String k : keys) {
          JsonNode n = e.path(k);
          row.add(n.isNumber() && (k.endsWith("Top1") || k.endsWith("Top5") || k.endsWith("Top1Ema"))
              ? Values.percent(n.asDouble()) : Values.cell(n));
        }
        rows.add(row);
      }
      if (train != null && train.details().metricDefinitions() != null && !train.details().metricDefinitions().isEmpty()) {
        p("What the numbers mean (recorded by the train stage):");
        new java.util.TreeMap<>(train.details().metricDefinitions())
            .forEach((k, v) -> li(Markdown.code(k), Markdown.text(v)));
        endList();
      }
      p("Per epoch (the on-track reference for `recipe reproduce`; throughput and times are volatile):");
      md.append(Markdown.table(headers, rows)).append('\n');
    }
  }

  private void performance() {
    EvalReport eval = f.eval();
    EvaluateResult evaluate = f.results().evaluate();
    List<Targets.Result> results = Targets.check(f.spec(), eval);
    String split = eval != null ? eval.split() : f.spec() != null ? f.spec().evaluation().split() : "evaluation";
    if (results.isEmpty()) {
      p("The spec sets no target (`evaluation.targets`).");
    } else {
      List<List<String>> rows = new ArrayList<>();
      for (Targets.Result r : results) {
        rows.add(List.of(Markdown.text(r.metric()), Markdown.text(r.expected()), r.achievedText(), status(r.status())));
      }
      boolean crops = eval != null && eval.model().preprocessing().crop() != null;
      p("Targets against what was achieved on the " + Markdown.text(split) + " split ("
          + (crops ? "single center crop" : "images as stored, no resize or crop") + "):");
      md.append(Markdown.table(List.of("metric", "target", "achieved", "status"), rows)).append('\n');
    }
    if (eval == null && evaluate == null) {
      notRecorded("evaluation results (metrics/eval.json)");
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (String m : List.of("top1", "top5", "loss")) {
      Targets.achieved(m, eval).ifPresent(x -> rows.add(List.of(Markdown.text(m), Targets.format(m, x))));
    }
    if (eval != null) {
      rows.add(List.of("images evaluated", Values.num(eval.samples())));
    }
    if (!rows.isEmpty()) {
      p("Overall (" + Markdown.text(split) + " split):");
      md.append(Markdown.table(List.of("metric", "value"), rows)).append('\n');
    } else {
      notRecorded("top-1 / top-5 accuracy");
    }
    EvaluateResult.OtherWeights other = evaluate == null ? null : evaluate.metrics().otherWeights();
    if (other != null) {
      boolean raw = "raw".equals(other.weights());
      Double top5 = other.accuracy().get("top5");
      p("The " + (raw ? "raw weights (the last step's, not averaged; `model-raw/`)"
          : "averaged weights (EMA; `model-ema/`)") + " on the same split, evaluated the same way: top-1 "
          + Values.percent(other.accuracy().getOrDefault("top1", 0.0)) + (top5 != null
              ? ", top-5 " + Values.percent(top5) : "")
          + ", loss " + Values.num(other.loss()) + " (weights SHA-256 "
          + Markdown.code(other.weightsSha256()) + ").");
    }
    if (eval != null) {
      p("Per class:");
      List<List<String>> pc = new ArrayList<>();
      for (Metrics.PerClass c : eval.metrics().perClass()) {
        pc.add(List.of(Markdown.text(c.name()), Values.num(c.samples()), Values.num(c.correct()),
            c.accuracy() != null ? Values.percent(c.accuracy()) : "no sample"));
      }
      md.append(Markdown.table(List.of("class", "images", "correct", "top-1 accuracy"), pc)).append('\n');
      p("The confusion matrix is in `metrics/eval.json` (rows: true class, columns: predicted class).");
    } else {
      notRecorded("per-class accuracy");
    }
  }
}
