package dev.recipe.cli;

import dev.recipe.core.io.Json;
import dev.recipe.data.bench.DecodeBenchmark;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recipe bench decode}: JPEG decode + resize throughput on ImageNet-sized images. */
@Command(
    header = "JPEG decode + resize throughput on ImageNet-sized images.",
    name = "decode",
    mixinStandardHelpOptions = true,
    description = {
      "Measure JPEG decode + resize throughput on generated ImageNet-sized JPEGs (seeded content):",
      "decode; decode + shorter side 256 + center crop 224; the full eval preprocessing.",
      "Single-threaded and with all cores; prints images/s (and per core), optionally writes JSON."
    })
public final class DecodeBenchCommand implements Callable<Integer> {
  @Option(names = "--images", defaultValue = "300", description = "JPEGs to generate (default ${DEFAULT-VALUE}).")
  int images;

  @Option(names = "--width", defaultValue = "500", description = "Width (default ${DEFAULT-VALUE}).")
  int width;

  @Option(names = "--height", defaultValue = "375", description = "Height (default ${DEFAULT-VALUE}).")
  int height;

  @Option(names = "--threads", description = "Threads of the parallel runs (default: available processors).")
  Integer threads;

  @Option(names = "--seed", defaultValue = "0", description = "Content seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", paramLabel = "FILE.json", description = "Write the result as JSON.")
  Path out;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    DecodeBenchmark.Result result = DecodeBenchmark.run(
        new DecodeBenchmark.Options(images, width, height, t, seed));
    PrintWriter pw = spec.commandLine().getOut();
    pw.print(result.summary());
    if (out != null) {
      Json.write(out, result);
      pw.printf("wrote %s%n", out);
    }
    pw.flush();
    return ExitCodes.OK;
  }
}
