package dev.recipe.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recipe.train.testing.TrainMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training JVM killed with SIGKILL ({@link Process#destroyForcibly()}) in the middle of an epoch,
 * then resumed from its last complete checkpoint, ends with the weights of an uninterrupted run.
 */
class KillResumeTest {
  @TempDir Path tmp;

  @Test
  void sigkillMidEpochThenResumeIsBitIdentical() throws Exception {
    String expected = TrainMain.train(tmp.resolve("whole"), false, 0);

    Path run = tmp.resolve("killed");
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=2",
        "-Dai.djl.pytorch.num_interop_threads=1",
        "-cp", System.getProperty("java.class.path"), TrainMain.class.getName(), run.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("child.log").toFile());
    pb.environment().put("OPT_OUT_TRACKING", "true");
    Process p = pb.start();
    Checkpoints cps = new Checkpoints(run.resolve("checkpoints"));
    // Kill as soon as a checkpoint taken after step 6 exists: epoch 1 has 10 steps, so the kill
    // lands in the middle of an epoch, at whatever point the child has reached.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Optional<Path> seen = Optional.empty();
    while (p.isAlive() && System.nanoTime() < deadline) {
      seen = cps.latest();
      if (seen.isPresent() && Checkpoints.readState(seen.get()).globalStep() >= 6) {
        break;
      }
      Thread.sleep(10);
    }
    assertTrue(p.isAlive(), "the child finished before it could be killed: "
        + Files.readString(tmp.resolve("child.log")));
    p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no graceful checkpoint
    p.waitFor(30, TimeUnit.SECONDS);
    assertNotEquals(0, p.exitValue());
    assertFalse(Files.exists(run.resolve("weights.sha256")), "the killed run must not have finished");

    String resumed = TrainMain.train(run, true, 0);
    assertEquals(expected, resumed);
    assertTrue(Checkpoints.readState(cps.latest().orElseThrow()).globalStep() == 30);
  }
}
