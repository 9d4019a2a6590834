package dev.recipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recipe.report.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code recipe run --dry-run} validates and plans without writing or fetching anything. */
class DryRunTest {
  @TempDir Path tmp;

  @Test
  void imagenetRecipeDryRunsCleanly() {
    Path out = tmp.resolve("run");
    Cli r = Cli.run("run", "../recipes/imagenet-resnet50.yaml", "--out", out.toString(), "--dry-run", "--no-measure");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("spec imagenet-resnet50 is valid"), r.out());
    assertTrue(r.out().contains("global batch 256"), r.out());
    assertTrue(r.out().contains("25,557,032 at 1000 classes"), r.out());
    assertTrue(r.out().contains("4.089 G multiply-adds"), r.out());
    assertFalse(Files.exists(out), "a dry run writes nothing");
  }

  @Test
  void quickstartPlanShowsModelAndSteps() {
    Cli r = Cli.run("run", "../recipes/fashion-mnist-quickstart.yaml", "--out", tmp.resolve("q").toString(),
        "--dry-run", "--no-measure");
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("375,618 parameters"), r.out());
    assertTrue(r.out().contains("843 optimizer steps per epoch"), r.out());
  }

  @Test
  void badSpecExitsTwoNamingTheKey() throws Exception {
    Path spec = tmp.resolve("bad.yaml");
    Files.writeString(spec, Files.readString(Path.of("../recipes/fashion-mnist-quickstart.yaml"))
        .replace("batchSize: 64", "batchSize: lots"));
    Cli r = Cli.run("run", spec.toString(), "--dry-run", "--no-measure");
    assertEquals(2, r.exit(), r.out() + r.err());
    assertTrue(r.err().contains("training.batchSize"), r.err());
    assertTrue(r.err().contains("bad.yaml"), r.err());
  }
}
