package dev.recipe.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recipe.core.RecipeException;
import dev.recipe.data.shard.SafeTar;
import dev.recipe.data.shard.ShardReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class SafetyTest {

  @Test
  void escapingNamesAreRefused() {
    for (String bad : List.of("../x", "a/../../x", "/etc/passwd", "a\\..\\x", "C:/x", "a/..")) {
      RecipeException e = assertThrows(RecipeException.class, () -> SafeTar.checkName("arch.tar", bad),
          bad);
      assertTrue(e.getMessage().contains("escape"), e.getMessage());
      assertEquals(2, e.exitCode());
    }
    assertEquals("usr/share/x", SafeTar.checkName("a", "./usr/share/x"));
  }

  @Test
  void shardReaderRefusesEscapingEntries() throws Exception {
    byte[] tar = FetchAndIdxTest.tar("../00000000.png", new byte[] {1});
    RecipeException e = assertThrows(RecipeException.class, () -> ShardReader.read(tar, "train-000000.tar"));
    assertTrue(e.getMessage().startsWith("train-000000.tar: archive entry '../00000000.png' would escape"),
        e.getMessage());
  }
}
