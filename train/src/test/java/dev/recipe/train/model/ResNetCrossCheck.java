package dev.recipe.train.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.recipe.core.spec.ModelSpec.Stem;
import dev.recipe.model.ParamDef;
import dev.recipe.model.ResNetConfig;
import dev.recipe.model.ResNetInit;
import dev.recipe.model.SafeTensors;
import dev.recipe.model.StateDict;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Dev tool, not a test: writes weights.safetensors (random, BatchNorm statistics included),
 * input.safetensors, DJL's eval-mode logits.safetensors and train.safetensors (training-mode logits
 * and the BatchNorm running statistics after that one step) into a directory for {@code
 * scripts/compare_torchvision.py --compare DIR} to check against torchvision.
 *
 * <p>Args: OUT_DIR DEPTH WIDTH STEM CHANNELS CLASSES IMAGE_SIZE BATCH
 */
public final class ResNetCrossCheck {
  private ResNetCrossCheck() {}

  public static void main(String[] a) {
    Path out = Path.of(a[0]);
    ResNetConfig c = new ResNetConfig(Integer.parseInt(a[1]), Integer.parseInt(a[2]),
        Stem.valueOf(a[3].toUpperCase(Locale.ROOT)), Integer.parseInt(a[4]), Integer.parseInt(a[5]), false);
    int size = Integer.parseInt(a[6]);
    int batch = Integer.parseInt(a[7]);
    Random r = new Random(11);
    Map<String, StateDict.Tensor> m = new LinkedHashMap<>(ResNetInit.initialStateDict(c, 3).tensors());
    for (ParamDef p : c.parameters()) {
      float[] d = m.get(p.name()).data().clone();
      for (int i = 0; i < d.length; i++) {
        d[i] = switch (p.role()) {
          case BN_WEIGHT -> 1 + 0.2f * (float) r.nextGaussian();
          case BN_BIAS, BN_RUNNING_MEAN -> 0.1f * (float) r.nextGaussian();
          case BN_RUNNING_VAR -> 0.5f + r.nextFloat();
          default -> d[i];
        };
      }
      m.put(p.name(), new StateDict.Tensor(p.shape(), d));
    }
    StateDict weights = new StateDict(m);
    float[] x = ResNetsTest.randomFloats(batch * c.inputChannels() * size * size, 5);
    long[] xs = {batch, c.inputChannels(), size, size};
    try (Model model = ResNets.withWeights(c, weights, Device.cpu(), "cross-check");
        NDManager nd = NDManager.newBaseManager()) {
      NDArray logits = ResNetsTest.eval(model, nd.create(x, new Shape(xs)));
      SafeTensors.write(out.resolve("weights.safetensors"), weights);
      SafeTensors.write(out.resolve("input.safetensors"),
          new StateDict(Map.of("input", new StateDict.Tensor(xs, x))));
      SafeTensors.write(out.resolve("logits.safetensors"), new StateDict(Map.of("logits",
          new StateDict.Tensor(logits.getShape().getShape(), logits.toFloatArray()))));
      // one training-mode forward: batch statistics in the output, running statistics updated
      NDArray trainLogits = model.getBlock().forward(new ai.djl.training.ParameterStore(nd, false),
          new ai.djl.ndarray.NDList(nd.create(x, new Shape(xs))), true).singletonOrThrow();
      Map<String, StateDict.Tensor> after = new LinkedHashMap<>();
      after.put("train_logits", new StateDict.Tensor(trainLogits.getShape().getShape(), trainLogits.toFloatArray()));
      ResNets.stateDict(model).tensors().forEach((k, v) -> {
        if (k.contains("running_")) {
          after.put(k, v);
        }
      });
      SafeTensors.write(out.resolve("train.safetensors"), new StateDict(after));
    }
  }
}
