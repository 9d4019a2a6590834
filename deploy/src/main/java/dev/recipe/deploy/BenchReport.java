package dev.recipe.deploy;

import dev.recipe.core.prov.EnvironmentInfo;
import java.util.List;

/**
 * A latency table with what it was measured on.
 *
 * @param model what was timed (architecture, input size)
 * @param images where the timed images came from
 * @param rows one row per backend, batch size and with/without preprocessing
 * @param hardware CPU, cores, memory, OS
 * @param environment Java, library versions, thread settings
 * @param note caveats (for example other work sharing the CPU)
 */
public record BenchReport(
    String model, String images, List<InferenceBench.Row> rows, String hardware,
    EnvironmentInfo environment, String note) {

  /**
   * The 1, 5 and 15 minute load averages of the machine ({@code /proc/loadavg}), so a table measured
   * while other work shared the CPU says so; "unknown" off Linux.
   */
  public static String loadAverage() {
    try {
      String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** The table as aligned text for people. */
  public String table() {
    StringBuilder sb = new StringBuilder(String.format(
        "%-5s %5s %-13s %9s %9s %9s %9s %10s%n", "eng", "batch", "preprocess", "mean ms",
        "p50 ms", "p90 ms", "p99 ms", "images/s"));
    for (InferenceBench.Row r : rows) {
      sb.append(String.format("%-5s %5d %-13s %9.2f %9.2f %9.2f %9.2f %10.1f%n", r.backend(),
          r.batch(), r.preprocessing() ? "included" : "excluded", r.meanMs(), r.p50Ms(), r.p90Ms(),
          r.p99Ms(), r.imagesPerSecond()));
    }
    return sb.toString();
  }
}
