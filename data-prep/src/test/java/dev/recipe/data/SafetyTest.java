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

  @Test
  void shardsFromOtherToolsWithPaxHeadersAreRead() throws Exception {
    String key = "k".repeat(120);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (var t = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(out)) {
      t.setLongFileMode(org.apache.commons.compress.archivers.tar.TarArchiveOutputStream.LONGFILE_POSIX);
      for (String[] e : new String[][] {{key + ".png", "PNG"}, {key + ".cls", "3\n"}}) {
        var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(e[0]);
        byte[] b = e[1].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        entry.setSize(b.length);
        t.putArchiveEntry(entry);
        t.write(b);
        t.closeArchiveEntry();
      }
    }
    List<ShardReader.EncodedSample> s = ShardReader.read(out.toByteArray(), "other.tar");
    assertEquals(1, s.size());
    assertEquals(key, s.get(0).key());
    assertEquals(3, s.get(0).label());
  }
}
