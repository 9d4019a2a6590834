package dev.recipe.report;

import dev.recipe.core.io.AtomicFiles;
import dev.recipe.core.io.Json;
import dev.recipe.core.prov.CodeInfo;
import dev.recipe.core.prov.EnvironmentInfo;
import dev.recipe.core.prov.GitInfo;
import dev.recipe.core.prov.Volatile;
import dev.recipe.core.record.FileRef;
import dev.recipe.core.record.StageRecord;
import dev.recipe.core.run.RunDirectory;
import dev.recipe.core.spec.RecipeSpec;
import dev.recipe.core.spec.SpecLoader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Writes a plausible run directory for tests: a resolved spec, the five stage records, the
 * dynamics log, eval.json and a manifest, in the shapes the stages write them. {@link Variant}
 * changes only what varies between two faithful runs (times, host, throughput).
 */
final class SyntheticRun {
  static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
      "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  /** The volatile side of a run, plus an optional spec override to make a real difference. */
  record Variant(String host, long startEpochSecond, double speed, String extraOverride) {
    static Variant a() {
      return new Variant("host-a", 1_790_000_000L, 1.0, null);
    }

    static Variant b() {
      return new Variant("host-b", 1_790_500_000L, 1.37, null);
    }
  }

  private SyntheticRun() {}

  private static Map<String, Object> ids(long count, String first, String hex) {
    return Map.of("count", count, "sha256", hex.repeat(32), "first", List.of(first));
  }

  /** The train stage's descriptive details, from the same code that writes them in a real run. */
  private static Map<String, Object> trainDetails(RecipeSpec spec) {
    var config = dev.recipe.train.model.ResNetConfig.of(spec.model(), 1, CLASSES.size());
    var schedule = dev.recipe.train.schedule.LrSchedule.of(spec.training().schedule(),
        spec.training().optimizer().lr(), spec.training().epochs(), 4);
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("initialWeights", "random (seeded)");
    d.put("randomness", "shuffle from (seed, epoch)");
    d.put("batchNorm", "batch statistics per device");
    d.put("architecture", dev.recipe.train.model.ArchitectureText.of(config));
    d.put("optimizerUpdate", dev.recipe.train.optim.SgdOptimizer.UPDATE_RULE);
    d.put("lrFormula", schedule.formula());
    d.put("metricDefinitions", dev.recipe.train.loop.DynamicsLog.METRIC_DEFINITIONS);
    d.put("shuffleAlgorithm", dev.recipe.train.data.Seeds.SHUFFLE_ALGORITHM);
    d.put("epoch1Order", Map.of("count", 54000, "sha256", "dd".repeat(32), "first", List.of(17, 4, 99)));
    return d;
  }

  static RunDirectory write(Path dir, Variant v) throws IOException {
    RunDirectory run = RunDirectory.of(dir).create();
    List<String> overrides = new ArrayList<>(List.of("training.epochs=3",
        "evaluation.targets=[{metric: top1, min: 0.80}, {metric: top5, min: 0.95}]"));
    if (v.extraOverride() != null) {
      overrides.add(v.extraOverride());
    }
    RecipeSpec spec = SpecLoader.parse(SPEC, "synthetic.yaml", overrides);
    SpecLoader.writeResolved(spec, run.specResolved());
    // the project root: runs live in <root>/runs/<name>, as with the launcher
    String projectDir = dir.getParent().getParent().toString();
    EnvironmentInfo env = EnvironmentInfo.capture(
        Map.of("djl", "0.36.0", "pytorch", "2.7.1", "onnxruntime", "1.20.0"),
        Map.of("ai.djl.pytorch.num_threads", "2"), List.of());
    GitInfo git = new GitInfo(true, COMMIT, "main", false, null, List.of(), null);

    // data
    Files.createDirectories(run.data());
    Files.writeString(run.data().resolve("train-000000.tar"), "train shard " + dir.getFileName().toString().length());
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("dataset", "fashion-mnist");
    manifest.put("classNames", CLASSES);
    manifest.put("channels", 1);
    manifest.put("height", 28);
    manifest.put("width", 28);
    manifest.put("splits", Map.of(
        "train", split(54000, "train-000000.tar"),
        "val", split(6000, "val-000000.tar"),
        "test", split(10000, "test-000000.tar")));
    manifest.put("statistics", Map.of("mean", List.of(0.2860), "std", List.of(0.3530)));
    manifest.put("fingerprint", "f1e2d3c4b5a6978877665544332211000112233445566778899aabbccddeeff0");
    Json.write(run.manifest(), manifest);

    List<FileRef> raw = List.of(
        FileRef.hashed("train-images-idx3-ubyte", 47040016,
            "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            "local:/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"),
        FileRef.hashed("train-labels-idx1-ubyte", 60008,
            "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            "local:/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz"));
    record(run, "prepare", git, projectDir, env, v, 0, Map.of("valFraction", 0.1),
        raw, List.of(FileRef.of(run.root(), run.manifest())),
        Map.of("trainCount", 54000, "valCount", 6000, "testCount", 10000, "numClasses", 10,
            "sampleIds", Map.of(
                "train", ids(54000, "train-images-idx3-ubyte#3", "aa"),
                "val", ids(6000, "train-images-idx3-ubyte#0", "bb"),
                "test", ids(10000, "t10k-images-idx3-ubyte#0", "cc"))),
        Map.of("quarantined", List.of(),
            "generatorAlgorithm", dev.recipe.data.process.SeededRandom.ALGORITHM,
            "splitAlgorithm", dev.recipe.data.process.Splitter.ALGORITHM,
            "sampleIdDefinition", "the raw images file's name, '#', and the image's position"),
        List.of(), 12.5, null);

    // train
    Files.createDirectories(run.model());
    Files.write(run.model().resolve("weights.safetensors"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    List<String> lines = new ArrayList<>();
    double lr = 0.1;
    for (int e = 1; e <= 3; e++) {
      for (int s = 1; s <= 4; s++) {
        lines.add(String.format(java.util.Locale.ROOT,
            "{\"kind\":\"step\",\"epoch\":%d,\"step\":%d,\"loss\":%.4f,\"lr\":%.5f,\"imagesPerSecond\":%.1f}",
            e, (e - 1) * 4 + s, 2.3 / (e + s * 0.25), lr * (1 - ((e - 1) * 4 + s) / 13.0), 140 * v.speed()));
      }
      lines.add(String.format(java.util.Locale.ROOT,
          "{\"kind\":\"epoch\",\"epoch\":%d,\"step\":%d,\"loss\":%.4f,\"lr\":%.5f,\"trainTop1\":%.4f,"
              + "\"valLoss\":%.4f,\"valTop1\":%.4f,\"valTop5\":%.4f,\"imagesPerSecond\":%.1f,"
              + "\"dataSeconds\":%.2f,\"computeSeconds\":%.2f,\"epochSeconds\":%.2f}",
          e, e * 4, 1.2 / e, lr * (1 - e * 4 / 13.0), 0.6 + 0.1 * e, 1.0 / e, 0.62 + 0.09 * e,
          0.95 + 0.01 * e, 150 * v.speed(), 3.0 / v.speed(), 30.0 / v.speed(), 33.0 / v.speed()));
    }
    AtomicFiles.writeString(run.trainMetrics(), String.join("\n", lines) + "\n");
    record(run, "train", git, projectDir, env, v, 20,
        Map.of("devices", List.of("cpu()"), "globalBatch", 32, "stepsPerEpoch", 4, "seed", 7),
        List.of(FileRef.of(run.root(), run.manifest())),
        List.of(FileRef.of(run.root(), run.model().resolve("weights.safetensors"))),
        Map.of("parameters", 1_234_567, "weightsSha256", "66".repeat(32), "trainSeconds", 99.0 / v.speed(),
            "dataSeconds", 9.0 / v.speed(), "computeSeconds", 90.0 / v.speed(), "imagesPerSecond", 150 * v.speed()),
        trainDetails(spec),
        List.of("horizontal-flip is applied by our own augmentation (DJL's RandomFlipLeftRight does nothing)"),
        99.0, 150.0);

    // evaluate
    Map<String, Object> eval = new LinkedHashMap<>();
    eval.put("split", "test");
    eval.put("samples", 10000);
    eval.put("accuracy", Map.of("top1", 0.8912, "top5", 0.9951));
    eval.put("loss", 0.3012);
    List<Map<String, Object>> perClass = new ArrayList<>();
    for (int i = 0; i < CLASSES.size(); i++) {
      perClass.add(Map.of("index", i, "name", CLASSES.get(i), "samples", 1000, "correct", 850 + i * 5,
          "accuracy", (850 + i * 5) / 1000.0));
    }
    eval.put("metrics", Map.of("samples", 10000, "loss", 0.3012, "perClass", perClass,
        "confusion", List.of(List.of(1, 0), List.of(0, 1))));
    eval.put("targetsPassed", true);
    Json.write(run.evalMetrics(), eval);
    record(run, "evaluate", git, projectDir, env, v, 130, Map.of("split", "test", "batchSize", 256),
        List.of(FileRef.of(run.root(), run.model().resolve("weights.safetensors"))),
        List.of(FileRef.of(run.root(), run.evalMetrics())),
        Map.of("split", "test", "samples", 10000, "top1", 0.8912, "top5", 0.9951, "loss", 0.3012,
            "targetsPassed", true),
        Map.of(), List.of(), 20.0, 500.0);

    // export
    Files.createDirectories(run.export());
    Files.write(run.export().resolve("model.onnx"), new byte[] {9, 8, 7, 6});
    record(run, "export", git, projectDir, env, v, 160, Map.of(),
        List.of(FileRef.of(run.root(), run.model().resolve("weights.safetensors"))),
        List.of(FileRef.of(run.root(), run.export().resolve("model.onnx"))),
        Map.of("parity", Map.of("samples", 64, "maxAbsLogitDiff", 3.1e-6, "top1Agreement", 1.0, "passed", true),
            "onnx", Map.of("file", "export/model.onnx", "opset", 17, "sha256", "63".repeat(32))),
        Map.of(), List.of(), 4.0, null);

    // infer: worked examples with images inside the run directory, and a latency table
    Path examples = run.root().resolve("infer/examples");
    Files.createDirectories(examples);
    List<Map<String, Object>> ex = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
      img.getRaster().setSample(i + 3, 10, 0, 255);
      ImageIO.write(img, "png", examples.resolve("test-" + i + ".png").toFile());
      List<Map<String, Object>> top = List.of(Map.of("index", 4 + i, "name", CLASSES.get(4 + i), "probability", 0.91),
          Map.of("index", 6, "name", "Shirt", "probability", 0.05));
      ex.add(Map.of("image", "infer/examples/test-" + i + ".png", "key", "00000" + i,
          "trueClass", CLASSES.get(4 + i), "djl", top, "onnx", top));
    }
    List<Map<String, Object>> latency = List.of(
        latencyRow("djl", 1, 4.2 / v.speed()), latencyRow("djl", 32, 61.0 / v.speed()),
        latencyRow("onnxruntime", 1, 2.1 / v.speed()));
    record(run, "infer", git, projectDir, env, v, 170, Map.of("benchBatches", List.of(1, 32)),
        List.of(FileRef.of(run.root(), run.model().resolve("weights.safetensors"))), List.of(),
        Map.of("latency", latency, "hardware", env.hardwareSummary()), Map.of("examples", ex), List.of(), 9.0, null);
    return run;
  }

  private static Map<String, Object> split(int count, String shard) {
    List<Integer> perClass = new ArrayList<>();
    for (int i = 0; i < CLASSES.size(); i++) {
      perClass.add(count / CLASSES.size());
    }
    return Map.of("count", count, "perClass", perClass,
        "shards", List.of(Map.of("name", shard, "sha256", "ab".repeat(32), "count", count)));
  }

  private static Map<String, Object> latencyRow(String backend, int batch, double meanMs) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("backend", backend);
    m.put("batch", batch);
    m.put("preprocessing", true);
    m.put("meanMs", meanMs);
    m.put("p50Ms", meanMs * 0.98);
    m.put("p90Ms", meanMs * 1.1);
    m.put("p99Ms", meanMs * 1.3);
    m.put("minMs", meanMs * 0.9);
    m.put("maxMs", meanMs * 1.5);
    m.put("imagesPerSecond", batch * 1000 / meanMs);
    m.put("warmup", 5);
    m.put("runs", 20);
    return m;
  }

  @SuppressWarnings("checkstyle:ParameterNumber")
  static void record(RunDirectory run, String stage, GitInfo git, String projectDir, EnvironmentInfo env,
      Variant v, int offsetSeconds, Map<String, Object> params, List<FileRef> inputs, List<FileRef> outputs,
      Map<String, Object> metrics, Map<String, Object> details, List<String> warnings, double seconds,
      Double throughput) {
    Instant start = Instant.ofEpochSecond(v.startEpochSecond() + offsetSeconds);
    CodeInfo code = new CodeInfo(git, "0.1.0-SNAPSHOT",
        // as RunCommand records it: the run directory relative to where the command was typed
        "./recipe run " + Path.of(projectDir).relativize(run.root()) + " --stages " + stage + " --force", projectDir);
    StageRecord rec = new StageRecord(StageRecord.SCHEMA_VERSION, stage, StageRecord.OK, code,
        // the SHA-256 of the spec the run directory holds, as a real stage records it
        dev.recipe.core.io.Hashing.sha256(run.specResolved()), params, inputs, outputs, env, metrics, details, warnings,
        new Volatile(v.host(), "tester", start, start.plusMillis((long) (seconds * 1000 / v.speed())),
            seconds / v.speed(), throughput == null ? null : throughput * v.speed(),
            throughput == null ? null : "images/s"));
    Json.write(run.stageRecord(stage), rec);
  }

  static final String SPEC = """
      name: synthetic-fashion
      description: ResNet-50 topology at reduced width on Fashion-MNIST, for tests.
      seed: 7
      data:
        dataset: fashion-mnist
        description: Zalando's article images, 28x28 grayscale, 10 classes.
        license: MIT
        homepage: https://github.com/zalandoresearch/fashion-mnist
        format: idx
        classNames: [T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot]
        files:
          - {role: train-images, name: train-images-idx3-ubyte, sha256: c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888}
          - {role: train-labels, name: train-labels-idx1-ubyte, sha256: bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9}
        sources:
          - {type: local, path: /usr/share/datasets/fashion-mnist}
        split: {valFraction: 0.1}
      model: {depth: 50, width: 16, stem: small}
      training:
        batchSize: 32
        optimizer: {lr: 0.1, weightDecay: 0.0005}
        schedule: {name: cosine, warmupEpochs: 0.5}
        augment:
          - {name: pad-crop, padding: 2}
          - {name: horizontal-flip}
      """;
}
