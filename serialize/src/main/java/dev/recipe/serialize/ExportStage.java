package dev.recipe.serialize;

import dev.recipe.core.RecipeException;
import dev.recipe.core.io.AtomicFiles;
import dev.recipe.core.io.Hashing;
import dev.recipe.core.io.Json;
import dev.recipe.core.record.StageRecord;
import dev.recipe.core.record.StageRecorder;
import dev.recipe.core.run.RunDirectory;
import dev.recipe.core.spec.ExportSpec;
import dev.recipe.core.stage.Stage;
import dev.recipe.core.stage.StageContext;
import dev.recipe.data.Manifest;
import dev.recipe.data.ProcessedDataset;
import dev.recipe.data.RasterImage;
import dev.recipe.data.Sample;
import dev.recipe.deploy.ModelLocation;
import dev.recipe.deploy.OnnxClassifier;
import dev.recipe.deploy.OnnxMetadata;
import dev.recipe.infer.Classifiers;
import dev.recipe.infer.DjlClassifier;
import dev.recipe.infer.Runtimes;
import dev.recipe.model.ModelDescriptor;
import dev.recipe.model.ResNetOnnx;
import dev.recipe.model.SafeTensors;
import dev.recipe.model.StateDict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The export stage: {@code export/model.onnx} (checked against DJL under ONNX Runtime on real test
 * samples before it is moved into place; a failed check leaves no file and fails the stage with exit
 * code 1) and {@code export/model.safetensors} (torchvision names, loadable by
 * {@code torchvision.models.resnetNN}).
 */
public final class ExportStage implements Stage {
  public static final String NAME = "export";
  /** The export formats. */
  public enum Format { ONNX, SAFETENSORS;
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code onnx} or {@code safetensors}. */
    public static Format of(String id) {
      for (Format f : values()) {
        if (f.id().equals(id)) {
          return f;
        }
      }
      throw RecipeException.badInput("--format must be onnx or safetensors, got " + id);
    }
  }

  private final List<Format> formatsOverride;

  /** Exports the spec's formats ({@code export.formats}). */
  public ExportStage() {
    this(null);
  }

  /** Exports only the given formats; null keeps the spec's. */
  public ExportStage(List<Format> formats) {
    this.formatsOverride = formats == null ? null : List.copyOf(formats);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StageRecord run(StageContext context) throws Exception {
    RunDirectory run = context.run();
    ExportSpec spec = context.spec().export();
    List<Format> formats = formatsOverride != null ? formatsOverride
        : spec.formats().stream().map(Format::of).toList();
    StageRecorder rec = context.recorder(NAME);
    ExportResult.Params params = new ExportResult.Params(formats.stream().map(Format::id).toList(),
        spec.opset(), spec.paritySamples(), spec.parityTolerance());
    rec.result(new ExportResult(params, null, null));
    if (!Files.isRegularFile(run.model().resolve(ModelDescriptor.FILE_NAME))) {
      throw RecipeException.badInput("no trained model in " + run.root()
          + " (model/model.json is missing: run the train stage first)");
    }
    ModelDescriptor d = ModelDescriptor.read(run.model());
    Path weightsFile = run.model().resolve(d.weightsFile());
    rec.input(run.model().resolve(ModelDescriptor.FILE_NAME)).input(weightsFile);
    StateDict weights = SafeTensors.read(weightsFile);
    rec.environment(Runtimes.libraries(), Runtimes.threads(), List.of());

    OnnxOutcome onnx = formats.contains(Format.ONNX) ? exportOnnx(context, spec, d, weights, rec) : null;
    boolean ok = onnx == null || onnx.parity().passed();
    ExportResult.Safetensors safetensors = null;
    if (formats.contains(Format.SAFETENSORS)) {
      Path target = run.safetensorsExport();
      SafeTensors.write(target, weights, Map.of("format", "pt", "architecture",
          d.config().displayName()));
      if (!SafeTensors.read(target).equals(weights)) {
        throw new IllegalStateException(target + " does not read back as the trained weights");
      }
      rec.output(target);
      safetensors = new ExportResult.Safetensors(Files.size(target), Hashing.sha256(target), weights.size());
    }
    rec.result(new ExportResult(params, new ExportResult.Metrics(onnx == null ? null : onnx.model(),
        onnx == null ? null : onnx.parity(), onnx == null ? null : onnx.testData(), safetensors),
        new ExportResult.Details(onnx == null ? null : onnx.metadata())));
    StageRecord record = rec.finish(ok ? StageRecord.OK : StageRecord.FAILED);
    if (!ok) {
      throw RecipeException.checkFailed("ONNX parity check failed: " + onnx.parity()
          + " (export/model.onnx not written)");
    }
    return record;
  }

  /** The ONNX export: its parity check, and the model and its test case when parity passed. */
  private record OnnxOutcome(ParityCheck.Result parity, ExportResult.Onnx model,
      ExportResult.TestData testData, Map<String, String> metadata) {}

  private OnnxOutcome exportOnnx(StageContext context, ExportSpec spec, ModelDescriptor d,
      StateDict weights, StageRecorder rec) throws IOException {
    RunDirectory run = context.run();
    Manifest manifest = ProcessedDataset.open(run.data()).manifest();
    rec.input(run.manifest());
    Map<String, String> metadata = metadata(d, manifest.fingerprint(),
        context.code() == null ? null : context.code().version(), context.specSha256());
    metadata.put(OnnxMetadata.LICENSE, spec.license() == null ? "unknown" : spec.license());
    byte[] bytes = ResNetOnnx.build(d.config(), name -> weights.contains(name) ? weights.get(name).data() : null,
            d.inputHeight(), d.inputWidth(), spec.opset(), metadata.get(OnnxMetadata.PRODUCER_VERSION), metadata)
        .toBuilder().setModelVersion(spec.modelVersion()).setDocString(docString(context, d)).build().toByteArray();
    Path target = run.onnxModel();
    Files.createDirectories(run.export());
    Path tmp = Files.createTempFile(run.export(), ".model.onnx.", ".tmp");
    List<RasterImage> images;
    ParityCheck.Result parity;
    try {
      Files.write(tmp, bytes);
      images = testImages(run, spec.paritySamples());
      if (images.size() < spec.paritySamples()) {
        rec.warn("parity compared " + images.size() + " samples: the test split has no more");
      }
      try (DjlClassifier djl = Classifiers.djl(d, weights, "model/" + d.weightsFile());
          OnnxClassifier ort = OnnxClassifier.open(tmp)) {
        parity = ParityCheck.compare(djl, ort, images, spec.parityTolerance(), 32);
      }
      if (!parity.passed()) {
        rec.warn("ONNX parity failed: max |logit diff| " + parity.maxAbsLogitDiff() + " (tolerance "
            + parity.tolerance() + "), top-1 agreement " + parity.top1Agreement());
        return new OnnxOutcome(parity, null, null, metadata);
      }
      // createTempFile made it owner-only; a published artifact is readable like the others
      AtomicFiles.publishable(tmp);
      AtomicFiles.move(tmp, target);
      tmp = null;
    } finally {
      if (tmp != null) {
        Files.deleteIfExists(tmp);
      }
    }
    rec.output(target);
    ExportResult.TestData testData = writeTestData(run, target, images, rec);
    ExportResult.Onnx onnx = new ExportResult.Onnx(run.relative(target), Files.size(target),
        Hashing.sha256(target), spec.opset(), ResNetOnnx.IR_VERSION,
        ResNetOnnx.INPUT + " [batch, " + d.config().inputChannels() + ", " + d.inputHeight() + ", "
            + d.inputWidth() + "] float32",
        ResNetOnnx.OUTPUT + " [batch, " + d.config().numClasses() + "] float32",
        OnnxClassifier.runtimeVersion());
    return new OnnxOutcome(parity, onnx, testData, metadata);
  }

  /** Test samples in {@code test_data_set_0}: enough to check a model, small enough at 224 px. */
  static final int TEST_DATA_SAMPLES = 8;

  /**
   * {@code export/test_data_set_0}: the first parity samples as ONNX Runtime preprocesses them, and
   * the logits it gives for them, so that any ONNX tool can check the model on its own.
   */
  private static ExportResult.TestData writeTestData(RunDirectory run, Path model, List<RasterImage> images,
      StageRecorder rec)
      throws IOException {
    Path dir = run.export().resolve(OnnxTestData.DIR);
    List<RasterImage> some = images.subList(0, Math.min(TEST_DATA_SAMPLES, images.size()));
    try (OnnxClassifier ort = OnnxClassifier.open(model)) {
      List<float[]> inputs = some.stream().map(ort::preprocess).toList();
      OnnxTestData.write(dir, ResNetOnnx.INPUT, ort.inputShape(), inputs, ResNetOnnx.OUTPUT, ort.logits(inputs));
    }
    rec.output(dir.resolve("input_0.pb"));
    rec.output(dir.resolve("output_0.pb"));
    return new ExportResult.TestData(run.relative(dir), some.size());
  }

  /** The model's doc_string: what it is, what it expects, and where its recipe is. */
  private static String docString(StageContext context, ModelDescriptor d) {
    return d.config().displayName() + " (torchvision v1.5 layout), trained by recipe from spec '"
        + context.spec().name() + "' on " + context.spec().data().dataset() + ". Input '" + ResNetOnnx.INPUT
        + "': float32 [batch, " + d.config().inputChannels() + ", " + d.inputHeight() + ", " + d.inputWidth()
        + "], pixels scaled to [0, 1] then normalized per channel (metadata_props 'preprocessing');"
        + " output '" + ResNetOnnx.OUTPUT + "': [batch, " + d.config().numClasses() + "] logits, class"
        + " names in metadata_props 'class_names'. How it was trained: RECIPE.md of its run directory.";
  }

  /** The first {@code n} images of the test split (the val split when there is no test split). */
  static List<RasterImage> testImages(RunDirectory run, int n) {
    ProcessedDataset data = ProcessedDataset.open(run.data());
    String split = data.manifest().splits().containsKey("test") ? "test" : "val";
    List<RasterImage> out = new ArrayList<>(n);
    for (Iterator<Sample> it = data.iterator(split); it.hasNext() && out.size() < n; ) {
      out.add(it.next().image());
    }
    if (out.isEmpty()) {
      throw RecipeException.badInput("no test images in " + run.data() + " for the parity check");
    }
    return out;
  }

  /** The provenance written into {@code metadata_props}. */
  public static Map<String, String> metadata(ModelDescriptor d, String datasetFingerprint,
      String producerVersion, String specSha256) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(OnnxMetadata.CLASS_NAMES, compact(d.classNames()));
    m.put(OnnxMetadata.PREPROCESSING, compact(ModelLocation.preprocessing(d)));
    m.put(OnnxMetadata.ARCHITECTURE, compact(d.config()));
    m.put(OnnxMetadata.INPUT_SIZE, d.inputHeight() + "x" + d.inputWidth());
    putIfKnown(m, OnnxMetadata.CODE_COMMIT, d.codeCommit());
    putIfKnown(m, OnnxMetadata.SPEC_SHA256, d.specHash() != null ? d.specHash() : specSha256);
    putIfKnown(m, OnnxMetadata.WEIGHTS_SHA256, d.weightsSha256());
    putIfKnown(m, OnnxMetadata.DATASET_FINGERPRINT, datasetFingerprint);
    m.put(OnnxMetadata.PRODUCER_VERSION, "recipe " + (producerVersion == null ? "unknown" : producerVersion));
    return m;
  }

  private static void putIfKnown(Map<String, String> m, String key, String value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  private static String compact(Object value) {
    try {
      return Json.json().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
