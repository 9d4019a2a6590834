package dev.recipe.serialize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recipe.core.io.Hashing;
import dev.recipe.core.io.Json;
import dev.recipe.core.prov.CodeInfo;
import dev.recipe.core.record.StageRecord;
import dev.recipe.core.run.RunDirectory;
import dev.recipe.core.spec.ModelSpec.Stem;
import dev.recipe.core.spec.SpecLoader;
import dev.recipe.core.stage.StageContext;
import dev.recipe.data.Manifest;
import dev.recipe.data.RasterImage;
import dev.recipe.deploy.Backend;
import dev.recipe.deploy.Classifier;
import dev.recipe.deploy.OnnxClassifier;
import dev.recipe.deploy.OnnxMetadata;
import dev.recipe.deploy.Prediction;
import dev.recipe.infer.Classifiers;
import dev.recipe.infer.DjlClassifier;
import dev.recipe.infer.TestRuns;
import dev.recipe.model.ModelDescriptor;
import dev.recipe.model.ResNetConfig;
import dev.recipe.model.ResNetOnnx;
import dev.recipe.model.SafeTensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportStageTest {
  @TempDir Path dir;

  @Test
  void exportWritesCheckedOnnxWithProvenanceAndSafetensors() throws Exception {
    ResNetConfig config = new ResNetConfig(50, 4, Stem.SMALL, 1, 4, false);
    RunDirectory run = TestRuns.create(dir.resolve("run"), config, 12, 20,
        "export: {paritySamples: 16}");
    StageContext ctx = new StageContext(SpecLoader.load(run.specResolved()), run,
        CodeInfo.of(null, "9.9", "./recipe export " + run.root()));
    StageRecord rec = new ExportStage().run(ctx);
    assertEquals(StageRecord.OK, rec.status());

    Path onnx = run.export().resolve("model.onnx");
    assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
        java.nio.file.Files.getPosixFilePermissions(onnx)), "published like every other artifact");
    ModelDescriptor d = ModelDescriptor.read(run.model());
    try (OnnxClassifier ort = OnnxClassifier.open(onnx)) {
      Map<String, String> meta = ort.metadata();
      assertEquals(TestRuns.CLASSES,
          Json.json().readValue(meta.get(OnnxMetadata.CLASS_NAMES), List.class));
      assertEquals(d.weightsSha256(), meta.get(OnnxMetadata.WEIGHTS_SHA256));
      assertEquals(d.codeCommit(), meta.get(OnnxMetadata.CODE_COMMIT));
      assertEquals(d.specHash(), meta.get(OnnxMetadata.SPEC_SHA256));
      assertEquals(Manifest.read(run.data()).fingerprint(), meta.get(OnnxMetadata.DATASET_FINGERPRINT));
      assertEquals("recipe 9.9", meta.get(OnnxMetadata.PRODUCER_VERSION));
      assertTrue(meta.get(OnnxMetadata.PREPROCESSING).contains("\"channels\":1"));
      assertEquals("12x12", meta.get(OnnxMetadata.INPUT_SIZE));
      assertEquals(List.of(1, 12, 12), List.of(ort.inputShape()[0], ort.inputShape()[1], ort.inputShape()[2]));
    }
    JsonNode r = Json.json().valueToTree(rec.metrics());
    assertEquals(16, r.get("parity").get("samples").asInt());
    assertTrue(r.get("parity").get("passed").asBoolean());
    assertTrue(r.get("parity").get("maxAbsLogitDiff").asDouble() <= 1e-4);
    assertEquals(Hashing.sha256(onnx), r.get("onnx").get("sha256").asText());
    assertEquals(17, r.get("onnx").get("opset").asInt());
    assertTrue(r.get("onnx").get("onnxRuntimeVersion").asText().startsWith("1."));

    Path st = run.export().resolve("model.safetensors");
    assertEquals(SafeTensors.read(run.model().resolve(d.weightsFile())), SafeTensors.read(st));

    // The run directory with --engine onnx now resolves to the export and predicts like DJL.
    RasterImage img = ExportStage.testImages(run, 1).get(0);
    try (Classifier a = Classifiers.open(run.root(), Backend.DJL, 0);
        Classifier b = Classifiers.open(run.root(), Backend.ONNX, 1)) {
      Prediction pa = a.predict(img);
      Prediction pb = b.predict(img);
      assertEquals(pa.best().index(), pb.best().index());
      assertEquals(pa.best().probability(), pb.best().probability(), 1e-5);
    }
  }

  @Test
  void parityFailsForAnotherModel() throws Exception {
    ResNetConfig config = new ResNetConfig(18, 4, Stem.SMALL, 1, 4, false);
    var pre = TestModels.preprocessing(1);
    Path onnx = dir.resolve("other.onnx");
    Files.write(onnx, ResNetOnnx.toBytes(config, TestModels.randomWeights(config, 1), 10, 10, 17,
        "t", TestModels.metadata(TestRuns.CLASSES, pre)));
    List<RasterImage> images = TestModels.randomImages(8, 10, 10, 1, 2);
    try (DjlClassifier djl = DjlClassifier.of(config, TestModels.randomWeights(config, 2),
            TestRuns.CLASSES, pre, 10, 10, "t");
        OnnxClassifier ort = OnnxClassifier.open(onnx)) {
      ParityCheck.Result r = ParityCheck.compare(djl, ort, images, 1e-4, 3);
      assertFalse(r.passed());
      assertTrue(r.maxAbsLogitDiff() > 1e-4);
    }
  }
}
