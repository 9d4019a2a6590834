package dev.recipe.core.prov;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The machine and software a stage ran on: what decides whether two runs can be bit-identical.
 * Host names and other per-machine identities are not here: they are volatile (see {@link Volatile}).
 *
 * @param libraries library name to version, filled by the stage (DJL, PyTorch, ONNX Runtime...)
 * @param threads thread settings that affect numerics or speed
 * @param gpus GPUs the engine saw; empty on CPU-only machines
 */
public record EnvironmentInfo(
    String java,
    String javaVendor,
    String os,
    String arch,
    String cpuModel,
    int cores,
    long memoryBytes,
    long maxHeapBytes,
    List<String> gpus,
    Map<String, String> libraries,
    Map<String, String> threads) {

  public EnvironmentInfo {
    gpus = gpus == null ? List.of() : List.copyOf(gpus);
    libraries = libraries == null ? Map.of() : new TreeMap<>(libraries);
    threads = threads == null ? Map.of() : new TreeMap<>(threads);
  }

  /** The current JVM and machine, with the given library versions, thread settings and GPUs. */
  public static EnvironmentInfo capture(
      Map<String, String> libraries, Map<String, String> threads, List<String> gpus) {
    Map<String, String> thr = new TreeMap<>(threads);
    // Native thread pools read these at load time; they change speed, and thread counts can change bits.
    for (String k : THREAD_ENVIRONMENT) {
      String v = System.getenv(k);
      thr.putIfAbsent("env." + k, v == null ? "(unset)" : v);
    }
    return new EnvironmentInfo(
        System.getProperty("java.version"),
        System.getProperty("java.vendor"),
        System.getProperty("os.name") + " " + System.getProperty("os.version"),
        System.getProperty("os.arch"),
        readCpuModel(),
        Runtime.getRuntime().availableProcessors(),
        readMemoryBytes(),
        Runtime.getRuntime().maxMemory(),
        gpus,
        libraries,
        thr);
  }

  /**
   * Environment variables that configure native thread pools (OpenMP, MKL) and the native
   * allocator (glibc malloc): they change speed, never results, and are read once at load time.
   */
  public static final List<String> THREAD_ENVIRONMENT =
      List.of("OMP_NUM_THREADS", "OMP_WAIT_POLICY", "MKL_NUM_THREADS", "GOMP_SPINCOUNT",
          "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_ARENA_MAX",
          "RECIPE_NATIVE_LOAD");

  /** The current machine with no engine-specific details. */
  public static EnvironmentInfo capture() {
    return capture(Map.of(), Map.of(), List.of());
  }

  /** A copy with more library versions, thread settings and GPUs merged in. */
  public EnvironmentInfo with(
      Map<String, String> moreLibraries, Map<String, String> moreThreads, List<String> gpuList) {
    Map<String, String> libs = new TreeMap<>(libraries);
    libs.putAll(moreLibraries);
    Map<String, String> thr = new TreeMap<>(threads);
    thr.putAll(moreThreads);
    return new EnvironmentInfo(
        java, javaVendor, os, arch, cpuModel, cores, memoryBytes, maxHeapBytes,
        gpuList == null ? gpus : gpuList, libs, thr);
  }

  /** One line for people: CPU model, cores, memory, OS. */
  public String hardwareSummary() {
    return String.format(
        "%s, %d cores, %.1f GiB RAM, %s %s%s",
        cpuModel, cores, memoryBytes / (1024.0 * 1024 * 1024), os, arch,
        gpus.isEmpty() ? ", no GPU" : ", GPUs: " + String.join(", ", gpus));
  }

  private static String readCpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through to the JVM's architecture name
    }
    return System.getProperty("os.arch");
  }

  private static long readMemoryBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) * 1024L;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: report the JVM's view instead
    }
    return Runtime.getRuntime().maxMemory();
  }
}
