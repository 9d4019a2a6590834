package dev.recipe.pipeline;

import dev.recipe.core.RecipeException;
import dev.recipe.core.record.FileRef;
import dev.recipe.core.record.StageRecord;
import dev.recipe.core.spec.SpecLoader;
import dev.recipe.core.stage.Stage;
import dev.recipe.core.stage.StageContext;
import dev.recipe.core.stage.StageName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs stages in {@link StageName} order. Stages are found with {@link ServiceLoader} (each module
 * registers its own in {@code META-INF/services/dev.recipe.core.stage.Stage}), so this module names
 * none of them. A stage whose previous record in the run directory is successful and whose code,
 * resolved spec, inputs and outputs are unchanged is skipped unless forced.
 */
public final class Pipeline {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

  /** What happened to one stage. */
  public enum Outcome { RAN, SKIPPED, MISSING }

  /** One line of the run summary. */
  public record StageResult(StageName stage, Outcome outcome, String summary, StageRecord record) {}

  private final Map<StageName, Stage> stages;

  private Pipeline(Map<StageName, Stage> stages) {
    this.stages = stages;
  }

  /** The stages available on the classpath. */
  public static Pipeline discover() {
    Map<StageName, Stage> found = new EnumMap<>(StageName.class);
    for (Stage s : ServiceLoader.load(Stage.class)) {
      found.put(StageName.of(s.name()), s);
    }
    return new Pipeline(found);
  }

  public boolean has(StageName name) {
    return stages.containsKey(name);
  }

  public Stage stage(StageName name) {
    Stage s = stages.get(name);
    if (s == null) {
      throw new RecipeException(RecipeException.INTERNAL, "stage " + name.id() + " is not available in this build");
    }
    return s;
  }

  /**
   * Runs the selected stages in order.
   *
   * @param contextFor the context of each stage (its re-run command differs per stage)
   * @param listener told about each stage as it ends
   */
  public List<StageResult> run(List<StageName> selected, boolean force,
      Function<StageName, StageContext> contextFor, java.util.function.Consumer<StageResult> listener)
      throws Exception {
    List<StageResult> results = new ArrayList<>();
    for (StageName name : StageName.values()) {
      if (!selected.contains(name)) {
        continue;
      }
      StageResult r;
      Stage s = stages.get(name);
      if (s == null) {
        r = new StageResult(name, Outcome.MISSING, "not available in this build yet", null);
      } else {
        StageContext ctx = contextFor.apply(name);
        String reason = force ? "forced" : changedSince(ctx, name);
        if (reason == null) {
          StageRecord prev = StageRecord.read(ctx.run().stageRecord(name.id()));
          r = new StageResult(name, Outcome.SKIPPED, "unchanged since its last run, skipped", prev);
        } else {
          LOG.info("stage {}: running ({})", name.id(), reason);
          StageRecord rec = runCommittingSpec(s, ctx);
          r = new StageResult(name, Outcome.RAN, summarize(rec), rec);
        }
      }
      results.add(r);
      listener.accept(r);
    }
    return results;
  }

  /** One stage from its own command: holds the run directory's lock, then {@link #runCommittingSpec}. */
  public static StageRecord runLocked(Stage stage, StageContext ctx) throws Exception {
    try (dev.recipe.core.run.RunLock lock = dev.recipe.core.run.RunLock.acquire(ctx.run(), "recipe " + stage.name())) {
      return runCommittingSpec(stage, ctx);
    }
  }

  /**
   * Runs one stage and, only when it succeeded, makes its spec the run directory's resolved spec: a
   * stage that fails, or is killed, leaves the spec the directory's stages really ran with.
   */
  public static StageRecord runCommittingSpec(Stage stage, StageContext ctx) throws Exception {
    StageRecord rec = stage.run(ctx);
    if (StageRecord.OK.equals(rec.status())) {
      SpecLoader.writeResolved(ctx.spec(), ctx.run().specResolved());
    }
    return rec;
  }

  /**
   * Why the stage must run, or null when its last successful record matches the current code,
   * spec, inputs and outputs.
   */
  static String changedSince(StageContext ctx, StageName name) {
    Path file = ctx.run().stageRecord(name.id());
    if (!Files.exists(file)) {
      return "no previous run";
    }
    StageRecord prev;
    try {
      prev = StageRecord.read(file);
    } catch (RuntimeException e) {
      return "previous record unreadable";
    }
    if (!StageRecord.OK.equals(prev.status())) {
      return "previous run did not succeed";
    }
    if (!prev.sealHolds()) {
      return "its record was edited after it was written";
    }
    var now = ctx.code().git();
    var then = prev.code() == null ? null : prev.code().git();
    if (then == null || !now.inGit() || now.commit() == null
        || !Objects.equals(now.commit(), then.commit())
        || !Objects.equals(now.diffSha256(), then.diffSha256())
        || Boolean.TRUE.equals(now.dirty()) != Boolean.TRUE.equals(then.dirty())) {
      return "code changed (or is not under git)";
    }
    if (!Objects.equals(ctx.specSha256(), prev.specSha256())) {
      return "spec changed";
    }
    for (FileRef in : prev.inputs()) {
      if (!stillSame(ctx, in)) {
        return "input changed: " + in.path();
      }
    }
    for (FileRef out : prev.outputs()) {
      if (!stillSame(ctx, out)) {
        return "output changed or missing: " + out.path();
      }
    }
    return null;
  }

  private static boolean stillSame(StageContext ctx, FileRef ref) {
    if (ref.sha256() == null || ref.source() != null) {
      // Fetched raw files are hashed over their decompressed bytes and verified against the spec's
      // checksums whenever they are read; the spec hash covers those checksums.
      return true;
    }
    Path p = Path.of(ref.path());
    Path file = p.isAbsolute() ? p : ctx.run().resolveInside(ref.path());
    return Files.exists(file) && ref.sha256().equals(FileRef.of(ctx.run().root(), file).sha256());
  }

  private static String summarize(StageRecord rec) {
    StringBuilder sb = new StringBuilder(rec.status());
    rec.metrics().entrySet().stream()
        .filter(e -> e.getValue() instanceof Number)
        .limit(4)
        .forEach(e -> sb.append(", ").append(e.getKey()).append('=').append(format((Number) e.getValue())));
    if (rec.volatileInfo() != null) {
      sb.append(String.format(", %.1f s", rec.volatileInfo().seconds()));
    }
    if (!rec.warnings().isEmpty()) {
      sb.append(", ").append(rec.warnings().size()).append(" warning(s)");
    }
    return sb.toString();
  }

  private static String format(Number n) {
    if (n instanceof Double || n instanceof Float) {
      return String.format("%.4g", n.doubleValue());
    }
    return n.toString();
  }
}
