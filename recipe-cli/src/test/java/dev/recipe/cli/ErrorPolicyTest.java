package dev.recipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recipe.report.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The error policy: usage and environment errors exit 2 with one line naming the argument, key or
 * path (no stack trace unless --debug), and leave nothing behind; exit 3 is for bugs only.
 */
class ErrorPolicyTest {
  static final String SPEC = "../recipes/fashion-mnist-quickstart.yaml";

  @TempDir Path tmp;

  private static void badUsage(String expected, String... args) {
    Cli r = Cli.run(args);
    assertEquals(ExitCodes.BAD_INPUT, r.exit(), String.join(" ", args) + " -> " + r.err());
    assertTrue(r.err().contains(expected), "message names the problem: " + r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace without --debug: " + r.err());
  }

  @Test
  void usageErrorsAreBadInputNotBugs() {
    badUsage("Unmatched argument at index 0: 'nosuch'", "nosuch");
    badUsage("a subcommand is required");
    badUsage("Missing required parameter: 'SPEC|RUN_DIR'", "train");
    badUsage("Unknown option: '--bogus'", "run", SPEC, "--bogus");
    badUsage("'abc' is not an int", "infer", "x.png", "--top", "abc");
    badUsage("an empty path", "run", SPEC, "--out", "", "--dry-run", "--no-measure");
    badUsage("has an empty part", "run", SPEC, "--set", ".=1", "--dry-run", "--no-measure");
    badUsage("has an empty part", "run", SPEC, "--set", "training..epochs=1", "--dry-run", "--no-measure");
    badUsage("'fp8' is not one of fp32, fp16, bf16", "bench", "train", "--precision", "fp8");
    badUsage("--threads must be >= 0", "bench", "infer", "--threads", "-1");
    badUsage("warmup must be >= 5 and runs >= 20 calls", "bench", "infer", "--warmup", "1");
    badUsage("data.sources[0]: package 'x;touch y' is not a Debian package name", "run", SPEC,
        "--set", "data.sources=[{type: debian, package: \"x;touch y\", path: p}]", "--dry-run", "--no-measure");
  }

  @Test
  void environmentErrorsNameThePathAndLeaveNothing() throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    badUsage(file + " exists and is not a directory", "prepare", SPEC, "--out", file.toString());
    badUsage("Not a directory", "prepare", SPEC, "--out", file.resolve("run").toString());
    assertEquals("x", Files.readString(file), "the file is untouched");
    // the benchmark checks its output before measuring
    badUsage(file.toString(), "bench", "train", "--depth", "18", "--width", "2", "--stem", "small",
        "--image-size", "8", "--batch", "2", "--steps", "1", "--warmup", "0",
        "--out", file.resolve("x.json").toString());
    try (var left = Files.list(tmp)) {
      assertEquals(List.of(file), left.toList(), "nothing half-written next to it");
    }
  }

  @Test
  void debugPrintsTheTrace() {
    Cli r = Cli.run("prepare", SPEC, "--out", "/dev/null", "--debug");
    assertEquals(ExitCodes.BAD_INPUT, r.exit(), r.err());
    assertTrue(r.err().contains("\tat "), "--debug prints the stack trace: " + r.err());
  }
}
