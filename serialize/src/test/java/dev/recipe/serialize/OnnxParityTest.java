package dev.recipe.serialize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recipe.core.spec.ModelSpec.Stem;
import dev.recipe.data.Preprocessing;
import dev.recipe.data.RasterImage;
import dev.recipe.deploy.OnnxClassifier;
import dev.recipe.deploy.OnnxMetadata;
import dev.recipe.infer.DjlClassifier;
import dev.recipe.model.ResNetConfig;
import dev.recipe.model.ResNetOnnx;
import dev.recipe.model.StateDict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The exported graph computes what the DJL network computes, for both block kinds and stems. */
class OnnxParityTest {

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({"18, SMALL, 1, 12", "18, IMAGENET, 3, 32", "50, SMALL, 3, 12", "50, IMAGENET, 1, 32"})
  void onnxRuntimeMatchesDjl(int depth, Stem stem, int channels, int size) throws Exception {
    ResNetConfig config = new ResNetConfig(depth, 4, stem, channels, 5, false);
    StateDict weights = TestModels.randomWeights(config, 11);
    List<String> names = List.of("a", "b", "c", "d", "e");
    Preprocessing pre = TestModels.preprocessing(channels);
    Path onnx = dir.resolve("m.onnx");
    Files.write(onnx, ResNetOnnx.toBytes(config, weights, size, size, 17, "test",
        TestModels.metadata(names, pre)));
    List<RasterImage> images = TestModels.randomImages(10, size, size, channels, 3);
    try (DjlClassifier djl = DjlClassifier.of(config, weights, names, pre, size, size, "test");
        OnnxClassifier ort = OnnxClassifier.open(onnx, 1)) {
      assertEquals(names, ort.classNames());
      ParityCheck.Result r = ParityCheck.compare(djl, ort, images, 1e-4, 4);
      assertTrue(r.passed(), r.toString());
      assertTrue(r.preprocessingIdentical());
      assertEquals(10, r.samples());
      assertTrue(r.maxAbsLogitDiff() <= 1e-4, r.toString());
      // Dynamic batch: one image alone gives the same logits as inside a batch (within float noise).
      float[] alone = ort.logits(List.of(ort.preprocess(images.get(3))))[0];
      float[] inBatch = ort.logits(images.stream().map(ort::preprocess).toList())[3];
      for (int j = 0; j < alone.length; j++) {
        assertEquals(inBatch[j], alone[j], 1e-5);
      }
      Map<String, String> meta = ort.metadata();
      assertEquals("[\"a\",\"b\",\"c\",\"d\",\"e\"]", meta.get(OnnxMetadata.CLASS_NAMES));
    }
  }
}
