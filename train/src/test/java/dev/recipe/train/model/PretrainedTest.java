package dev.recipe.train.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import dev.recipe.core.RecipeException;
import dev.recipe.core.spec.ModelSpec.Stem;
import dev.recipe.model.ModelDescriptor;
import dev.recipe.model.ModelFiles;
import dev.recipe.model.ResNetConfig;
import dev.recipe.model.ResNetInit;
import dev.recipe.model.SafeTensors;
import dev.recipe.model.StateDict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PretrainedTest {
  static final ResNetConfig SRC = new ResNetConfig(18, 4, Stem.SMALL, 1, 10, false);

  @Test
  void sameClassesLoadsEverything(@TempDir Path dir) {
    StateDict sd = ResNetInit.initialStateDict(SRC, 1);
    Path f = dir.resolve("w.safetensors");
    SafeTensors.write(f, sd);
    try (Model m = ResNets.newModel(SRC, 2)) {
      Pretrained.Report r = Pretrained.apply(m, f, false);
      assertFalse(r.headReplaced());
      assertEquals(sd, ResNets.stateDict(m));
      assertEquals(SRC.parameters().size(), r.loaded().size());
      assertTrue(r.replaced().isEmpty());
    }
  }

  @Test
  void otherClassCountReplacesTheHead(@TempDir Path dir) {
    StateDict sd = ResNetInit.initialStateDict(SRC, 1);
    ModelFiles.write(dir.resolve("model"), sd,
        new ModelDescriptor(SRC, null, null, 28, 28, null, null, null, null)); // a run directory
    ResNetConfig target = SRC.withNumClasses(3);
    try (Model m = ResNets.newModel(target, 2)) {
      StateDict fresh = ResNets.stateDict(m);
      Pretrained.Report r = Pretrained.apply(m, dir, false);
      assertTrue(r.headReplaced());
      assertTrue(r.reason().contains("3 classes"), r.reason());
      assertEquals(List.of("fc.weight", "fc.bias"), r.replaced());
      assertTrue(r.ignored().contains("fc.weight"));
      StateDict now = ResNets.stateDict(m);
      assertEquals(fresh.get("fc.weight"), now.get("fc.weight"));
      assertEquals(sd.get("layer4.1.conv2.weight"), now.get("layer4.1.conv2.weight"));
      assertNotEquals(fresh.get("layer4.1.conv2.weight"), now.get("layer4.1.conv2.weight"));
      assertTrue(r.summary().contains("head replaced"));
    }
  }

  @Test
  void requestedReplacementAndCheckpointDirectories(@TempDir Path dir) throws Exception {
    Path ck = dir.resolve("checkpoints");
    SafeTensors.write(ck.resolve("epoch-001").resolve(ModelDescriptor.WEIGHTS_FILE), ResNetInit.initialStateDict(SRC, 1));
    SafeTensors.write(ck.resolve("epoch-002").resolve(ModelDescriptor.WEIGHTS_FILE), ResNetInit.initialStateDict(SRC, 5));
    Pretrained.Loaded l = Pretrained.load(dir, SRC, true);
    assertTrue(l.report().weightsFile().toString().contains("epoch-002"));
    assertEquals("requested", l.report().reason());
    assertFalse(l.weights().contains("fc.weight"));
    assertEquals(ResNetInit.initialStateDict(SRC, 5).get("bn1.weight"), l.weights().get("bn1.weight"));
  }

  @Test
  void mismatchesAreListed(@TempDir Path dir) {
    // a 3-channel source into a 1-channel target: conv1 differs; depth 34 keys are unexpected
    Path f = dir.resolve("w.safetensors");
    SafeTensors.write(f, ResNetInit.initialStateDict(new ResNetConfig(34, 4, Stem.SMALL, 3, 10, false), 1));
    String msg = assertThrows(RecipeException.class, () -> Pretrained.load(f, SRC, false)).getMessage();
    assertTrue(msg.contains(f.toString()), msg);
    assertTrue(msg.contains("conv1.weight expected [4, 1, 3, 3] got [4, 3, 3, 3]"), msg);
    assertTrue(msg.contains("unexpected keys") && msg.contains("layer3.5.conv1.weight"), msg);
    assertTrue(Files.exists(f));
    assertThrows(RecipeException.class, () -> Pretrained.load(dir.resolve("nope"), SRC, false));
  }
}
