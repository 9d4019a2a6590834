package dev.recipe.serialize;

import dev.recipe.core.io.Json;
import dev.recipe.data.Preprocessing;
import dev.recipe.data.RasterImage;
import dev.recipe.deploy.OnnxMetadata;
import dev.recipe.infer.TestRuns;
import dev.recipe.model.ResNetConfig;
import dev.recipe.model.StateDict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Tiny random models and images for tests. */
final class TestModels {
  private TestModels() {}

  /** Random weights with non-trivial BatchNorm, the infer tests' helper (one home). */
  static StateDict randomWeights(ResNetConfig config, long seed) {
    return TestRuns.withRandomNorms(config, seed);
  }

  static Preprocessing preprocessing(int channels) {
    double[] mean = new double[channels];
    double[] std = new double[channels];
    Arrays.fill(mean, 0.45);
    Arrays.fill(std, 0.25);
    return new Preprocessing(null, null, Preprocessing.Interpolation.BILINEAR, mean, std, channels);
  }

  static Map<String, String> metadata(List<String> names, Preprocessing pre) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(OnnxMetadata.CLASS_NAMES, Json.toJson(names).strip().replaceAll("\\s+", ""));
    m.put(OnnxMetadata.PREPROCESSING, Json.toJson(pre));
    return m;
  }

  static List<RasterImage> randomImages(int n, int w, int h, int channels, long seed) {
    Random r = new Random(seed);
    List<RasterImage> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] px = new byte[w * h * channels];
      r.nextBytes(px);
      out.add(new RasterImage(w, h, channels, px));
    }
    return out;
  }
}
