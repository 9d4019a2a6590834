package dev.recipe.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashingTest {
  @TempDir Path dir;

  @Test
  void sha256OfKnownText() {
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Hashing.sha256(new byte[0]));
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Hashing.sha256("abc"));
  }

  @Test
  void fingerprintIgnoresLocationAndCreationOrderButNotContent() throws Exception {
    Path a = Files.createDirectories(dir.resolve("a/x"));
    Files.writeString(a.resolve("1.txt"), "one");
    Files.writeString(dir.resolve("a/2.txt"), "two");
    Path b = Files.createDirectories(dir.resolve("b"));
    Files.writeString(b.resolve("2.txt"), "two");
    Files.createDirectories(b.resolve("x"));
    Files.writeString(b.resolve("x/1.txt"), "one");
    assertEquals(Hashing.fingerprint(dir.resolve("a")), Hashing.fingerprint(b));
    Files.writeString(b.resolve("2.txt"), "TWO");
    assertNotEquals(Hashing.fingerprint(dir.resolve("a")), Hashing.fingerprint(b));
  }

  @Test
  void atomicWriteLeavesNothingOnFailure() throws Exception {
    Path target = dir.resolve("out/file.bin");
    AtomicFiles.writeString(target, "first");
    assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(target, out -> {
      out.write("partial".getBytes());
      throw new IOException("boom");
    }));
    assertEquals("first", Files.readString(target));
    try (var files = Files.list(target.getParent())) {
      assertEquals(1, files.count(), "no temporary file is left behind");
    }
  }
}
