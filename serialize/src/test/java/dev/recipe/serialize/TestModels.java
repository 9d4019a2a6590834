package dev.recipe.serialize;

import dev.recipe.core.io.Json;
import dev.recipe.data.Preprocessing;
import dev.recipe.data.RasterImage;
import dev.recipe.infer.OnnxMetadata;
import dev.recipe.train.model.ParamDef;
import dev.recipe.train.model.ResNetConfig;
import dev.recipe.train.model.ResNetInit;
import dev.recipe.train.model.StateDict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Tiny random models and images for tests. */
final class TestModels {
  private TestModels() {}

  /**
   * torchvision initialization with every BatchNorm made non-trivial (random gamma, beta, running
   * mean and variance), so the graph's BatchNormalization is really exercised.
   */
  static StateDict randomWeights(ResNetConfig config, long seed) {
    StateDict init = ResNetInit.initialStateDict(config, seed);
    Random r = new Random(seed);
    Map<String, StateDict.Tensor> out = new LinkedHashMap<>();
    for (ParamDef p : config.parameters()) {
      StateDict.Tensor t = init.get(p.name());
      float[] d = t.data().clone();
      switch (p.role()) {
        case BN_WEIGHT -> fill(d, r, 0.5, 1.5);
        case BN_BIAS, BN_RUNNING_MEAN -> fill(d, r, -0.3, 0.3);
        case BN_RUNNING_VAR -> fill(d, r, 0.5, 2.0);
        default -> { }
      }
      out.put(p.name(), new StateDict.Tensor(t.shape(), d));
    }
    return new StateDict(out);
  }

  private static void fill(float[] d, Random r, double lo, double hi) {
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (lo + (hi - lo) * r.nextDouble());
    }
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
