package dev.recipe.cli;

import dev.recipe.api.Invocation;
import dev.recipe.core.io.Json;
import dev.recipe.deploy.BenchReport;
import dev.recipe.deploy.InferenceBench;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The latency measurement's options, shared by {@code infer --bench} and {@code bench infer}. */
public final class LatencyOptions {
  @Option(names = "--batches", split = ",", defaultValue = "1,32", description = "Batch sizes timed (default ${DEFAULT-VALUE}).")
  List<Integer> batches;

  @Option(names = "--warmup", defaultValue = "5", description = "Untimed calls per measurement, >= 5 (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--runs", defaultValue = "20", description = "Timed calls per measurement, >= 20 (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
      description = "Intra-op threads of each runtime (default 0: DJL 1, as infer predicts; ONNX Runtime one per core). "
          + "Evaluate's batches run on the training threads: give that count to time them.")
  int threads;

  @Option(names = "--out", paramLabel = "FILE.json", description = "Write the report as JSON.")
  Path out;

  InferenceBench.Settings settings() {
    return new InferenceBench.Settings(batches, warmup, runs, threads);
  }

  /** Prints the report (as JSON when asked) and writes it to {@code --out}. */
  void print(BenchReport report, boolean json, PrintWriter stdout) {
    stdout.print(json ? Json.toJson(report) : report.hardware() + "\n" + report.table());
    if (out != null) {
      Json.write(out, report);
      stdout.printf("report: %s%n", Invocation.displayPath(out));
    }
    stdout.flush();
  }
}
