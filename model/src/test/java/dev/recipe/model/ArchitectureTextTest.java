package dev.recipe.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recipe.core.spec.ModelSpec.Stem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The recorded description follows the configuration's own layout rules. */
class ArchitectureTextTest {
  private static String part(List<ArchitectureText.Part> text, String name) {
    return text.stream().filter(m -> m.part().equals(name)).findFirst().orElseThrow().description();
  }

  @Test
  void describesStemStagesShortcutsAndHeadFromTheConfig() {
    ResNetConfig r50 = new ResNetConfig(50, 8, Stem.SMALL, 1, 10, true);
    List<ArchitectureText.Part> t = ArchitectureText.of(r50);
    assertEquals(List.of("stem", "stages", "block", "stride", "shortcut", "head", "convolutions", "batchNorm",
        "initialization"), t.stream().map(ArchitectureText.Part::part).toList());
    assertTrue(part(t, "stem").contains("conv 3x3, stride 1, padding 1, 8 channels") && part(t, "stem").contains("no max-pool"));
    assertTrue(part(t, "stages").contains("3, 4, 6, 3 bottleneck blocks with 8, 16, 32, 64 planes"));
    assertTrue(part(t, "stages").endsWith("32, 64, 128, 256"));
    assertTrue(part(t, "head").contains("fully connected " + r50.featureChannels() + " → 10"));
    assertTrue(part(t, "initialization").contains("weight 0 for the last BatchNorm"));

    ResNetConfig r18 = new ResNetConfig(18, 64, Stem.IMAGENET, 3, 1000, false);
    List<ArchitectureText.Part> u = ArchitectureText.of(r18);
    assertTrue(part(u, "stem").contains("conv 7x7, stride 2, padding 3") && part(u, "stem").contains("max-pool 3x3"));
    assertTrue(part(u, "stages").contains("2, 2, 2, 2 basic blocks"));
    assertTrue(part(u, "shortcut").contains("but the first"), "a basic block's first stage keeps its width");
    assertTrue(!part(u, "initialization").contains("weight 0"));
  }
}
