package dev.recipe.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recipe.core.RecipeException;
import dev.recipe.core.io.Json;
import dev.recipe.core.spec.ModelSpec.Stem;
import dev.recipe.core.spec.ModelSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The layout and tensor list against torchvision's numbers and keys (no DJL needed). */
class ResNetConfigTest {

  @Test
  void resnet50HasTorchvisionsParameterCount() {
    assertEquals(25_557_032L, ResNetConfig.torchvision(50, 1000).parameterCount());
  }

  @Test
  void resnet18HasTorchvisionsParameterCount() {
    assertEquals(11_689_512L, ResNetConfig.torchvision(18, 1000).parameterCount());
  }

  @Test
  void otherDepthsHaveTorchvisionsParameterCounts() {
    // torchvision resnet34 / resnet101 / resnet152 (num_classes=1000), from their model docs
    assertEquals(21_797_672L, ResNetConfig.torchvision(34, 1000).parameterCount());
    assertEquals(44_549_160L, ResNetConfig.torchvision(101, 1000).parameterCount());
    assertEquals(60_192_808L, ResNetConfig.torchvision(152, 1000).parameterCount());
  }

  @Test
  void tinyWidthCountMatchesTorchvisionBuiltAtThatWidth() {
    // torchvision ResNet with inplanes/planes scaled to 16, 3x3/1 stem, 1 channel, 10 classes
    // (built by scripts/compare_torchvision.py --count)
    assertEquals(TINY_COUNT, new ResNetConfig(50, 16, Stem.SMALL, 1, 10, false).parameterCount());
  }

  static final long TINY_COUNT = 1_483_898L;

  @Test
  void keysFollowTheDocumentedRules() {
    assertEquals(expectedKeys(50, 3), names(ResNetConfig.torchvision(50, 1000)));
    assertEquals(expectedKeys(18, 2), names(ResNetConfig.torchvision(18, 1000)));
  }

  @Test
  void keysAndShapesEqualTorchvisionsResnet50StateDict() throws IOException {
    // resnet50_state_dict.txt: "key shape" lines printed by torchvision 0.14 (Debian), minus
    // num_batches_tracked; see scripts/compare_torchvision.py --keys
    List<String> actual = new ArrayList<>();
    for (ParamDef p : ResNetConfig.torchvision(50, 1000).parameters()) {
      actual.add(p.name() + " " + Arrays.toString(p.shape()).replace(" ", ""));
    }
    assertEquals(resource("resnet50_state_dict.txt"), actual);
  }

  @Test
  void layoutOfResnet50() {
    List<BlockDef> blocks = ResNetConfig.torchvision(50, 1000).blocks();
    assertEquals(16, blocks.size());
    BlockDef first = blocks.get(0);
    assertEquals(new BlockDef(1, 0, BlockKind.BOTTLENECK, 64, 64, 256, 1, true), first);
    BlockDef l2 = blocks.get(3);
    assertEquals(new BlockDef(2, 0, BlockKind.BOTTLENECK, 256, 128, 512, 2, true), l2);
    assertEquals(2, l2.convStride(2));
    assertEquals(1, l2.convStride(1));
    assertFalse(blocks.get(4).hasDownsample());
  }

  @Test
  void resnet18FirstBlockHasNoDownsample() {
    List<BlockDef> blocks = ResNetConfig.torchvision(18, 1000).blocks();
    assertFalse(blocks.get(0).hasDownsample());
    assertTrue(blocks.get(2).hasDownsample());
    assertEquals(2, blocks.get(2).convStride(1));
  }

  @Test
  void fromSpecTakesDatasetDefaults() {
    ModelSpec spec = new ModelSpec(null, 50, 16, Stem.SMALL, null, null, true);
    ResNetConfig c = ResNetConfig.of(spec, 1, 10);
    assertEquals(new ResNetConfig(50, 16, Stem.SMALL, 1, 10, true), c);
    ModelSpec explicit = new ModelSpec(null, 18, 8, Stem.IMAGENET, 3, 5, false);
    assertEquals(new ResNetConfig(18, 8, Stem.IMAGENET, 3, 5, false), ResNetConfig.of(explicit, 1, 10));
  }

  @Test
  void badConfigNamesTheKey() {
    RecipeException e = assertThrows(RecipeException.class,
        () -> new ResNetConfig(42, 64, Stem.IMAGENET, 3, 10, false));
    assertTrue(e.getMessage().contains("model.depth"));
    assertEquals(RecipeException.BAD_INPUT, e.exitCode());
  }

  @Test
  void jsonRoundTrip() throws IOException {
    ResNetConfig c = new ResNetConfig(50, 16, Stem.SMALL, 1, 10, true);
    String json = Json.toJson(c);
    assertTrue(json.contains("\"small\""), json);
    assertFalse(json.contains("blocks"), json);
    assertEquals(c, Json.json().readValue(json, ResNetConfig.class));
  }

  @Test
  void featureMapSize() {
    assertEquals(7, ResNetConfig.torchvision(50, 1000).featureMapSize(224));
    assertEquals(4, new ResNetConfig(50, 16, Stem.SMALL, 1, 10, false).featureMapSize(28));
  }

  /** The key list written out from the rules of ParameterNames' table, independently of the config. */
  static List<String> expectedKeys(int depth, int convs) {
    int[] depths = depth == 18 ? new int[] {2, 2, 2, 2} : new int[] {3, 4, 6, 3};
    List<String> out = new ArrayList<>();
    out.add("conv1.weight");
    addBn(out, "bn1");
    for (int s = 1; s <= 4; s++) {
      for (int i = 0; i < depths[s - 1]; i++) {
        for (int n = 1; n <= convs; n++) {
          out.add("layer" + s + "." + i + ".conv" + n + ".weight");
          addBn(out, "layer" + s + "." + i + ".bn" + n);
        }
        if (i == 0 && (s > 1 || convs == 3)) {
          out.add("layer" + s + ".0.downsample.0.weight");
          addBn(out, "layer" + s + ".0.downsample.1");
        }
      }
    }
    out.add("fc.weight");
    out.add("fc.bias");
    return out;
  }

  private static void addBn(List<String> out, String p) {
    for (String leaf : List.of("weight", "bias", "running_mean", "running_var")) {
      out.add(p + "." + leaf);
    }
  }

  static List<String> names(ResNetConfig c) {
    return c.parameters().stream().map(ParamDef::name).toList();
  }

  static List<String> resource(String name) throws IOException {
    try (InputStream in = ResNetConfigTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(l -> !l.isBlank()).toList();
    }
  }
}
