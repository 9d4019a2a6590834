package dev.recipe.core.prov;

import java.net.InetAddress;
import java.time.Instant;

/**
 * What varies by nature between two faithful runs: when and where it ran and how long it took.
 * Kept apart from everything else so {@code recipe diff} can show it separately.
 *
 * @param throughput items per second for the stage's main unit of work (images/s), if any
 */
public record Volatile(
    String host, String user, Instant start, Instant end, double seconds, Double throughput,
    String throughputUnit) {

  public static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "unknown";
    }
  }
}
