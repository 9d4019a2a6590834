package dev.recipe.cli;

import dev.recipe.core.io.Json;
import dev.recipe.train.bench.InputBenchmark;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recipe bench input}: the training input transform's images/s on JPEG files. */
@Command(
    header = "Training input transform on JPEGs (decode, crop, flip, normalize), images/s.",
    name = "input",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the training input transform on JPEG files, per sample as the loader runs it: read,",
      "decode, random-resized-crop to --size, horizontal flip, normalize (ImageNet mean/std). Its twin",
      "for PIL + torchvision is scripts/bench_input_pytorch.py, on the same files."
    })
public final class BenchInputCommand implements Callable<Integer> {
  @Option(names = "--dir", paramLabel = "DIR", description = "A folder of JPEGs, searched recursively (default: 300 generated 500x375 JPEGs).")
  Path dir;

  @Option(names = "--threads", defaultValue = "1", description = "Worker threads (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--size", defaultValue = "224", description = "Crop size (default ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--seconds", defaultValue = "10", description = "Timed seconds (default ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--out", paramLabel = "FILE.json", description = "Write the result as JSON.")
  Path out;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    InputBenchmark.Result r = InputBenchmark.run(new InputBenchmark.Options(dir, 300, threads, size, seconds, 0L));
    PrintWriter pw = spec.commandLine().getOut();
    pw.print(r.summary());
    if (out != null) {
      Json.write(out, r);
      pw.printf("wrote %s%n", out);
    }
    pw.flush();
    return ExitCodes.OK;
  }
}
