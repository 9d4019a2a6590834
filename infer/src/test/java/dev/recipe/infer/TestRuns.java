package dev.recipe.infer;

import dev.recipe.core.run.RunDirectory;
import dev.recipe.core.spec.ModelSpec.Stem;
import dev.recipe.core.spec.RecipeSpec;
import dev.recipe.core.spec.SpecLoader;
import dev.recipe.data.Manifest;
import dev.recipe.data.RasterImage;
import dev.recipe.data.shard.PngCodec;
import dev.recipe.data.shard.ShardWriter;
import dev.recipe.model.ModelDescriptor;
import dev.recipe.model.ParamDef;
import dev.recipe.model.RandomModel;
import dev.recipe.model.ResNetConfig;
import dev.recipe.model.ResNetInit;
import dev.recipe.model.StateDict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Tiny run directories for tests (shared with evaluate and serialize through this module's test
 * jar): a processed dataset of random images in {@code test} and {@code val} splits, a random
 * model in {@code model/}, and a resolved spec.
 */
public final class TestRuns {
  public static final List<String> CLASSES = List.of("ant", "bee", "cat", "dog");

  private TestRuns() {}

  /** A run with a depth-18, width-4, small-stem model on 10x10 images of {@code channels}. */
  public static RunDirectory create(Path root, int channels, int samplesPerSplit, String specExtra) {
    return create(root, new ResNetConfig(18, 4, Stem.SMALL, channels, CLASSES.size(), false), 10,
        samplesPerSplit, specExtra);
  }

  /** A run with the given architecture and square image size. */
  public static RunDirectory create(Path root, ResNetConfig config, int size, int samplesPerSplit,
      String specExtra) {
    RunDirectory run = RunDirectory.of(root).create();
    int channels = config.inputChannels();
    try {
      Map<String, Manifest.SplitInfo> splits = new LinkedHashMap<>();
      for (String split : List.of("test", "val")) {
        Random r = new Random(split.hashCode());
        List<Integer> perClass = new ArrayList<>(Collections.nCopies(CLASSES.size(), 0));
        try (ShardWriter w = new ShardWriter(run.data(), split, 7)) {
          for (int i = 0; i < samplesPerSplit; i++) {
            int label = i % CLASSES.size();
            perClass.set(label, perClass.get(label) + 1);
            w.add(ShardWriter.key(i), label, PngCodec.encode(randomImage(r, size, size, channels)));
          }
          splits.put(split, new Manifest.SplitInfo(samplesPerSplit, perClass, w.finish()));
        }
      }
      double[] mean = new double[channels];
      double[] std = new double[channels];
      java.util.Arrays.fill(mean, 0.5);
      java.util.Arrays.fill(std, 0.29);
      Manifest m = new Manifest(Manifest.FORMAT_VERSION, "test-data", CLASSES, null, channels,
          size, size, splits, new Manifest.Statistics(mean, std, 1), null);
      m.withFingerprint(m.computeFingerprint()).write(run.data());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Double> mean = Collections.nCopies(channels, 0.5);
    List<Double> std = Collections.nCopies(channels, 0.29);
    ModelDescriptor d = RandomModel.write(run.model(), config, withRandomNorms(config, 5), size,
        mean, std);
    new ModelDescriptor(d.config(), CLASSES, d.preprocessing(), size, size, d.weightsFile(),
        d.weightsSha256(), "spec-sha", "0123456789abcdef0123456789abcdef01234567")
        .write(run.model());
    SpecLoader.writeResolved(spec(specExtra), run.specResolved());
    return run;
  }

  /** A minimal valid spec with extra YAML sections appended. */
  public static RecipeSpec spec(String extra) {
    String yaml = String.join("\n",
        "name: test-run",
        "data:",
        "  dataset: test-data",
        "  format: idx",
        "  files: [{role: train-images, name: x, size: 1, sha256: "
            + "\"0000000000000000000000000000000000000000000000000000000000000000\"}]",
        "  sources: [{type: local, path: /nonexistent}]",
        extra == null ? "" : extra);
    return SpecLoader.parse(yaml, "test spec", List.of());
  }

  /** torchvision initialization with non-trivial BatchNorm statistics and affine parameters. */
  public static StateDict withRandomNorms(ResNetConfig config, long seed) {
    StateDict init = ResNetInit.initialStateDict(config, seed);
    Random r = new Random(seed);
    Map<String, StateDict.Tensor> out = new LinkedHashMap<>();
    for (ParamDef p : config.parameters()) {
      StateDict.Tensor t = init.get(p.name());
      float[] d = t.data().clone();
      double lo;
      double hi;
      switch (p.role()) {
        case BN_WEIGHT -> { lo = 0.5; hi = 1.5; }
        case BN_BIAS, BN_RUNNING_MEAN -> { lo = -0.3; hi = 0.3; }
        case BN_RUNNING_VAR -> { lo = 0.5; hi = 2.0; }
        default -> { lo = Double.NaN; hi = Double.NaN; }
      }
      if (!Double.isNaN(lo)) {
        for (int i = 0; i < d.length; i++) {
          d[i] = (float) (lo + (hi - lo) * r.nextDouble());
        }
      }
      out.put(p.name(), new StateDict.Tensor(t.shape(), d));
    }
    return new StateDict(out);
  }

  public static RasterImage randomImage(Random r, int w, int h, int channels) {
    byte[] px = new byte[w * h * channels];
    r.nextBytes(px);
    return new RasterImage(w, h, channels, px);
  }
}
