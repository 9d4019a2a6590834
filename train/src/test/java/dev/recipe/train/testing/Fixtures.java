package dev.recipe.train.testing;

import ai.djl.Model;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.recipe.core.io.Hashing;
import dev.recipe.core.io.Json;
import dev.recipe.core.spec.TrainingSpec;
import dev.recipe.data.Preprocessing;
import dev.recipe.train.data.LabeledImages;
import dev.recipe.train.data.SampleTransform;
import dev.recipe.train.loop.TrainingLoop;
import dev.recipe.train.loop.TrainingLoopBuilder;
import dev.recipe.train.optim.ParamSlots;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Shared setup of the loop tests: specs from YAML, a loop over a tiny model. */
public final class Fixtures {
  private Fixtures() {}

  public static TrainingSpec spec(String yaml) {
    try {
      return Json.yaml().readValue(yaml, TrainingSpec.class);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  public static Preprocessing gray() {
    return new Preprocessing(null, null, Preprocessing.Interpolation.BILINEAR,
        new double[] {0.3}, new double[] {0.3}, 1);
  }

  public static List<Pair<String, Parameter>> named(Model m) {
    List<Pair<String, Parameter>> out = new ArrayList<>();
    m.getBlock().getParameters().forEach(p -> out.add(new Pair<>(p.getKey(), p.getValue())));
    return out;
  }

  /** A loop over {@code model} with the tiny generated data. */
  public static TrainingLoopBuilder loop(Model model, TrainingSpec spec, LabeledImages train,
      LabeledImages val, Path runDir) {
    return TrainingLoop.builder()
        .setModel(model.getBlock(), model.getNDManager())
        .setSlots(ParamSlots.of(named(model), spec.optimizer(), spec.freeze(), "fc", 1.0))
        .setSpec(spec)
        .setSeed(7)
        .setTrainData(train, SampleTransform.train(spec.augment(), gray()))
        .optValidation(val, SampleTransform.eval(gray()), 16)
        .setOutputs(runDir.resolve("checkpoints"), runDir.resolve("metrics/train.jsonl"));
  }

  /** SHA-256 over every parameter's float bytes in block order. */
  public static String weightsSha(Model m) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.getBlock().getParameters().forEach(p -> {
      ByteBuffer bb = p.getValue().getArray().toByteBuffer();
      byte[] b = new byte[bb.remaining()];
      bb.get(b);
      out.writeBytes(b);
    });
    return Hashing.sha256(out.toByteArray());
  }

  public static float[] flat(Model m) {
    List<float[]> parts = new ArrayList<>();
    m.getBlock().getParameters().forEach(p -> parts.add(p.getValue().getArray().toFloatArray()));
    int n = parts.stream().mapToInt(a -> a.length).sum();
    float[] out = new float[n];
    int o = 0;
    for (float[] a : parts) {
      System.arraycopy(a, 0, out, o, a.length);
      o += a.length;
    }
    return out;
  }
}
