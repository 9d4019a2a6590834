package dev.recipe.train.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import dev.recipe.core.RecipeException;
import dev.recipe.core.spec.ModelSpec.Stem;
import dev.recipe.model.ModelDescriptor;
import dev.recipe.model.ModelFiles;
import dev.recipe.model.ParameterNames;
import dev.recipe.model.ResNetConfig;
import dev.recipe.model.ResNetInit;
import dev.recipe.model.SafeTensors;
import dev.recipe.model.StateDict;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DJL block against the layout: names, counts, forward, state dict round trips, init. */
class ResNetsTest {
  static final ResNetConfig TINY50 = new ResNetConfig(50, 4, Stem.SMALL, 1, 10, false);
  static final ResNetConfig TINY18 = new ResNetConfig(18, 4, Stem.IMAGENET, 3, 7, true);

  @Test
  void resnet50BlockHasTorchvisionNamesAndTrainableCount() {
    ResNetConfig c = ResNetConfig.torchvision(50, 1000);
    try (Model m = ResNets.newModel(c)) {
      var params = m.getBlock().getParameters();
      long trainable = 0;
      List<String> torchNames = new java.util.ArrayList<>();
      for (var p : params) {
        String torch = ParameterNames.toTorch(p.getKey());
        assertEquals(p.getKey(), ParameterNames.toDjl(c, torch), "mapping must invert");
        torchNames.add(torch);
        if (p.getValue().requiresGradient()) {
          trainable += p.getValue().getArray().size();
        }
      }
      assertEquals(25_557_032L, trainable);
      assertEquals(new java.util.TreeSet<>(c.parameters().stream().map(dev.recipe.model.ParamDef::name).toList()), new java.util.TreeSet<>(torchNames));
      assertEquals(torchNames.size(), c.parameters().stream().map(dev.recipe.model.ParamDef::name).toList().size());
    }
  }

  @Test
  void mappingExamples() {
    ResNetConfig c = ResNetConfig.torchvision(50, 1000);
    assertEquals("04layer2_01ResidualBlock_03conv2_weight", ParameterNames.toDjl(c, "layer2.0.conv2.weight"));
    assertEquals("03layer1_01ResidualBlock_07downsample_02BatchNorm_runningVar",
        ParameterNames.toDjl(c, "layer1.0.downsample.1.running_var"));
    assertEquals("02bn1_gamma", ParameterNames.toDjl(c, "bn1.weight"));
    assertEquals("07fc_bias", ParameterNames.toDjl(c, "fc.bias"));
    assertEquals("layer4.2.bn3.running_mean",
        ParameterNames.toTorch("06layer4_03ResidualBlock_06bn3_runningMean"));
    assertThrows(IllegalArgumentException.class, () -> ParameterNames.toDjl(c, "layer1.0.relu.weight"));
    assertThrows(IllegalArgumentException.class, () -> ParameterNames.toTorch("01conv1_gamma"));
  }

  @Test
  void forwardGivesLogitsOfTheRightShape() {
    try (Model m50 = ResNets.newModel(TINY50, 1); Model m18 = ResNets.newModel(TINY18, 1);
        NDManager nd = NDManager.newBaseManager()) {
      NDArray x = nd.randomNormal(new Shape(2, 1, 28, 28));
      assertEquals(new Shape(2, 10), eval(m50, x).getShape());
      NDArray y = nd.randomNormal(new Shape(3, 3, 40, 40));
      assertEquals(new Shape(3, 7), eval(m18, y).getShape());
    }
  }

  @Test
  void sameSeedSameWeightsOtherSeedOtherWeights() {
    try (Model a = ResNets.newModel(TINY50, 42); Model b = ResNets.newModel(TINY50, 42);
        Model c = ResNets.newModel(TINY50, 43)) {
      StateDict sa = ResNets.stateDict(a);
      assertEquals(sa, ResNets.stateDict(b));
      assertEquals(ResNetInit.initialStateDict(TINY50, 42), sa);
      assertNotEquals(sa, ResNets.stateDict(c));
    }
  }

  @Test
  void initializationFollowsTorchvision() {
    ResNetConfig c = new ResNetConfig(50, 16, Stem.IMAGENET, 3, 10, true);
    StateDict sd = ResNetInit.initialStateDict(c, 7);
    float[] w = sd.get("layer3.0.conv2.weight").data(); // 64 out, 3x3: std sqrt(2/576)
    double mean = 0;
    double sq = 0;
    for (float v : w) {
      mean += v;
      sq += v * v;
    }
    mean /= w.length;
    double std = Math.sqrt(sq / w.length - mean * mean);
    assertEquals(Math.sqrt(2.0 / (64 * 9)), std, 0.05 * Math.sqrt(2.0 / (64 * 9)));
    assertEquals(0.0, mean, 0.01);
    for (float v : sd.get("layer1.0.bn3.weight").data()) {
      assertEquals(0f, v); // zero-init residual
    }
    for (float v : sd.get("layer1.0.bn2.weight").data()) {
      assertEquals(1f, v);
    }
    for (float v : sd.get("layer1.0.downsample.1.weight").data()) {
      assertEquals(1f, v);
    }
    for (float v : sd.get("bn1.running_var").data()) {
      assertEquals(1f, v);
    }
    double bound = 1 / Math.sqrt(c.featureChannels());
    float max = 0;
    for (float v : sd.get("fc.weight").data()) {
      max = Math.max(max, Math.abs(v));
    }
    assertTrue(max <= bound && max > 0.9 * bound, "fc weight within ±1/sqrt(fan_in)");
  }

  @Test
  void stateDictRoundTripThroughTheModelKeepsOutputs() {
    try (Model a = ResNets.newModel(TINY18, 3); NDManager nd = NDManager.newBaseManager()) {
      trainStep(a, nd); // move running stats away from 0/1 so they are exercised
      StateDict sd = ResNets.stateDict(a);
      assertNotEquals(0f, sd.get("bn1.running_mean").data()[0]);
      try (Model b = ResNets.withWeights(TINY18, sd, ai.djl.Device.cpu(), "test")) {
        assertEquals(sd, ResNets.stateDict(b));
        NDArray x = nd.randomNormal(new Shape(2, 3, 32, 32));
        assertArrayEquals(eval(a, x).toFloatArray(), eval(b, x).toFloatArray());
      }
    }
  }

  @Test
  void batchNormUsesTorchMomentum() {
    // torchvision: running = 0.9 running + 0.1 batch mean
    try (NDManager nd = NDManager.newBaseManager()) {
      BatchNorm bn = Layers.norm();
      bn.initialize(nd, DataType.FLOAT32, new Shape(4, 2, 3, 3));
      NDArray x = nd.randomNormal(new Shape(4, 2, 3, 3)).add(5);
      float[] batchMean = x.transpose(1, 0, 2, 3).reshape(2, -1).mean(new int[] {1}).toFloatArray();
      bn.forward(new ParameterStore(nd, false), new NDList(x), true);
      Parameter rm = bn.getParameters().get("runningMean");
      float[] running = rm.getArray().toFloatArray();
      for (int c = 0; c < 2; c++) {
        assertEquals(0.1f * batchMean[c], running[c], 1e-4f);
      }
    }
  }

  @Test
  void badStateDictListsMissingUnexpectedAndMismatched() {
    StateDict good = ResNetInit.initialStateDict(TINY50, 0);
    Map<String, StateDict.Tensor> m = new HashMap<>(good.tensors());
    m.remove("layer2.0.conv1.weight");
    m.put("layer9.0.conv1.weight", new StateDict.Tensor(new long[] {1}, new float[1]));
    m.put("fc.bias", new StateDict.Tensor(new long[] {3}, new float[3]));
    try (Model model = ResNets.newModel(TINY50)) {
      StateDict before = ResNets.stateDict(model);
      RecipeException e = assertThrows(RecipeException.class,
          () -> ResNets.setStateDict(model, new StateDict(m), "bad.safetensors"));
      String msg = e.getMessage();
      assertTrue(msg.contains("bad.safetensors"), msg);
      assertTrue(msg.contains("missing keys (1): layer2.0.conv1.weight"), msg);
      assertTrue(msg.contains("unexpected keys (1): layer9.0.conv1.weight"), msg);
      assertTrue(msg.contains("fc.bias expected [10] got [3]"), msg);
      assertEquals(before, ResNets.stateDict(model), "nothing changed");
    }
  }

  @Test
  void modelDirectoryRoundTrip(@TempDir Path dir) {
    try (Model a = ResNets.newModel(TINY50, 5); NDManager nd = NDManager.newBaseManager()) {
      StateDict sd = ResNets.stateDict(a);
      var pre = new dev.recipe.data.Preprocessing(null, null, dev.recipe.data.Preprocessing.Interpolation.BILINEAR,
          new double[] {0.28}, new double[] {0.35}, 1);
      ModelDescriptor d = ModelFiles.write(dir, sd,
          new ModelDescriptor(TINY50, names(10), pre, 28, 28, null, null, "spec", "abc"));
      assertEquals(d, ModelDescriptor.read(dir));
      try (Model b = ResNets.load(dir)) {
        NDArray x = nd.randomNormal(new Shape(1, 1, 28, 28));
        assertArrayEquals(eval(a, x).toFloatArray(), eval(b, x).toFloatArray());
      }
      SafeTensors.write(dir.resolve(ModelDescriptor.WEIGHTS_FILE), ResNetInit.initialStateDict(TINY50, 6));
      RecipeException e = assertThrows(RecipeException.class, () -> ResNets.load(dir));
      assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
    }
  }

  static List<String> names(int n) {
    return java.util.stream.IntStream.range(0, n).mapToObj(i -> "c" + i).toList();
  }

  static NDArray eval(Model m, NDArray x) {
    return m.getBlock().forward(new ParameterStore(x.getManager(), false), new NDList(x), false)
        .singletonOrThrow();
  }

  static void trainStep(Model m, NDManager nd) {
    ResNetConfig c = ResNets.block(m).config();
    NDArray x = nd.randomNormal(new Shape(4, c.inputChannels(), 32, 32));
    m.getBlock().forward(new ParameterStore(nd, false), new NDList(x), true);
  }

  static float[] randomFloats(int n, long seed) {
    Random r = new Random(seed);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) r.nextGaussian();
    }
    return out;
  }
}
