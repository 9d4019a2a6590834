package dev.recipe.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recipe.core.RecipeException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run directory is used by one command at a time: a second process is refused with the holder's
 * pid; a holder that is killed releases it (no stale lock).
 */
class RunLockTest {
  @TempDir Path tmp;

  /** Holds the lock of the directory in args[0], says so, and waits to be killed. */
  public static final class Holder {
    public static void main(String[] args) throws Exception {
      try (RunLock l = RunLock.acquire(RunDirectory.of(Path.of(args[0])), "test holder")) {
        System.out.println("locked");
        System.out.flush();
        Thread.sleep(60_000);
      }
    }
  }

  @Test
  void aSecondProcessIsRefusedNamingTheHolderAndAKilledHolderReleases() throws Exception {
    RunDirectory run = RunDirectory.of(tmp.resolve("run"));
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Holder.class.getName(), run.root().toString())
        .redirectErrorStream(true).start();
    try {
      BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("locked", r.readLine());
      RecipeException e = assertThrows(RecipeException.class, () -> RunLock.acquire(run, "second"));
      assertEquals(RecipeException.BAD_INPUT, e.exitCode());
      assertTrue(e.getMessage().contains("is in use by process " + p.pid()), e.getMessage());
      assertTrue(e.getMessage().contains("test holder"), e.getMessage());
    } finally {
      p.destroyForcibly();
      p.waitFor(20, TimeUnit.SECONDS);
    }
    // the OS released the killed holder's lock: the directory is usable at once
    try (RunLock l = RunLock.acquire(run, "after the kill")) {
      assertTrue(java.nio.file.Files.exists(run.root().resolve(RunLock.FILE)));
    }
  }

  @Test
  void staleTemporariesOfKilledCommandsAreRemovedUnderTheLock() throws Exception {
    RunDirectory run = RunDirectory.of(tmp.resolve("run2")).create();
    java.nio.file.Files.createDirectories(run.root().resolve("checkpoints/.epoch-001.tmp-123"));
    java.nio.file.Files.writeString(run.root().resolve("checkpoints/.epoch-001.tmp-123/parameters.ndlist"), "x");
    java.nio.file.Files.createDirectories(run.root().resolve(".data-456"));
    java.nio.file.Files.writeString(run.root().resolve(".recipe.json.789.tmp"), "x");
    java.nio.file.Files.writeString(run.root().resolve("recipe.json"), "kept");
    try (RunLock l = RunLock.acquire(run, "cleaner")) {
      assertEquals(3, l.cleanStaleTemporaries(run));
    }
    try (var left = java.nio.file.Files.walk(run.root())) {
      assertEquals(java.util.List.of("run2", ".lock", "checkpoints", "recipe.json"),
          left.map(p -> p.getFileName().toString()).sorted((a, b) -> a.equals("run2") ? -1 : b.equals("run2") ? 1 : a.compareTo(b)).toList());
    }
  }
}
