package dev.recipe.core.record;

import dev.recipe.core.io.Json;
import dev.recipe.core.prov.CodeInfo;
import dev.recipe.core.prov.EnvironmentInfo;
import dev.recipe.core.prov.Volatile;
import dev.recipe.core.run.RunDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects what a stage does while it runs and writes the immutable {@link StageRecord} at the end.
 * One recorder per stage run; not shared between threads without external locking (the methods are
 * synchronized so a parallel loader may add warnings).
 */
public final class StageRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(StageRecorder.class);

  private final RunDirectory run;
  private final String stage;
  private final CodeInfo code;
  private final String specSha256;
  private final Instant start = Instant.now();
  private final long startNanos = System.nanoTime();
  private final Map<String, Object> params = new LinkedHashMap<>();
  private final List<FileRef> inputs = new ArrayList<>();
  private final List<FileRef> outputs = new ArrayList<>();
  private final Map<String, Object> metrics = new LinkedHashMap<>();
  private final Map<String, Object> details = new LinkedHashMap<>();
  private final List<String> warnings = new ArrayList<>();
  private EnvironmentInfo environment = EnvironmentInfo.capture();
  private Double throughput;
  private String throughputUnit;

  /**
   * @param specSha256 SHA-256 of the resolved spec the stage runs with (null when it has none)
   */
  public StageRecorder(RunDirectory run, String stage, CodeInfo code, String specSha256) {
    this.run = run;
    this.stage = stage;
    this.code = code;
    this.specSha256 = specSha256;
  }

  public String stage() {
    return stage;
  }

  public RunDirectory run() {
    return run;
  }

  public synchronized StageRecorder input(FileRef ref) {
    inputs.add(ref);
    return this;
  }

  /** Records a file or directory as an input, hashing it. */
  public StageRecorder input(Path file) {
    return input(FileRef.of(run.root(), file));
  }

  public synchronized StageRecorder output(FileRef ref) {
    outputs.add(ref);
    return this;
  }

  /** Records a file or directory as an output, hashing it. */
  public StageRecorder output(Path file) {
    return output(FileRef.of(run.root(), file));
  }

  /**
   * Records a stage's typed result: each non-null part's fields (null fields left out) join the
   * record's params, metrics and details. A stage calls this once, when it knows its result.
   */
  public synchronized StageRecorder result(StageResult result) {
    putAll(params, result.params());
    putAll(metrics, result.metrics());
    putAll(details, result.details());
    return this;
  }

  @SuppressWarnings("unchecked")
  private static void putAll(Map<String, Object> target, Object part) {
    if (part != null) {
      target.putAll(Json.json().convertValue(part, Map.class));
    }
  }

  /** A warning goes to the log now and to the record at the end. */
  public synchronized StageRecorder warn(String message) {
    LOG.warn("[{}] {}", stage, message);
    warnings.add(message);
    return this;
  }

  public synchronized StageRecorder environment(EnvironmentInfo env) {
    this.environment = env;
    return this;
  }

  /** Adds engine versions, thread settings and GPUs to the environment. */
  public synchronized StageRecorder environment(
      Map<String, String> libraries, Map<String, String> threads, List<String> gpus) {
    this.environment = environment.with(libraries, threads, gpus);
    return this;
  }

  /** The stage's main rate (for example images per second), kept with the volatile timing. */
  public synchronized StageRecorder throughput(double perSecond, String unit) {
    this.throughput = perSecond;
    this.throughputUnit = unit;
    return this;
  }

  public double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Builds the record with the given status and writes it atomically to {@code stages/<stage>.json}. */
  public synchronized StageRecord finish(String status) {
    Instant end = Instant.now();
    double seconds = Duration.between(start, end).toNanos() / 1e9;
    StageRecord rec =
        new StageRecord(
            StageRecord.SCHEMA_VERSION, stage, status, code, specSha256, params, inputs, outputs, environment,
            metrics, details, warnings,
            new Volatile(Volatile.hostName(), System.getProperty("user.name"), start, end, seconds,
                throughput, throughputUnit)).sealed();
    // written, read back and checked: the seal must hold for the text on disk, not just in memory
    Json.write(run.stageRecord(stage), rec);
    if (!StageRecord.read(run.stageRecord(stage)).sealHolds()) {
      throw new IllegalStateException("stage record " + run.stageRecord(stage) + " does not read back as written");
    }
    return rec;
  }

  /** Shorthand for {@code finish(StageRecord.OK)}. */
  public StageRecord finish() {
    return finish(StageRecord.OK);
  }
}
