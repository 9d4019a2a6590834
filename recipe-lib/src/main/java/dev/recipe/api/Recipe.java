package dev.recipe.api;

import dev.recipe.core.RecipeException;
import dev.recipe.core.io.Json;
import dev.recipe.core.prov.CodeInfo;
import dev.recipe.core.record.StageRecord;
import dev.recipe.core.run.RunDirectory;
import dev.recipe.core.run.RunLock;
import dev.recipe.core.spec.RecipeSpec;
import dev.recipe.core.spec.SpecLoader;
import dev.recipe.core.stage.StageContext;
import dev.recipe.core.stage.StageName;
import dev.recipe.evaluate.EvalReport;
import dev.recipe.pipeline.Pipeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The pipeline as a Java call: what {@code recipe run SPEC [--out DIR] [--set K=V]... [--stages
 * ...] [--force]} does (the run-directory lock, unchanged stages skipped, the resolved spec written
 * only by stages that succeed, the same stage records and RECIPE.md), with a typed result.
 *
 * <pre>{@code
 * RunResult r = Recipe.builder()
 *     .setSpec(Path.of("recipes/fashion-mnist-quickstart.yaml"))
 *     .optOverride("training.epochs=1")
 *     .optRunDirectory(Path.of("runs/quick-1-epoch"))
 *     .build()
 *     .run();
 * System.out.println(r.accuracy("top1").orElseThrow() + " " + r.recipe().orElseThrow());
 * }</pre>
 *
 * Bad input (spec, data, weights) is a {@link RecipeException} with exit code 2, a missed check one
 * with exit code 1; nothing here exits the JVM.
 */
public final class Recipe {
  private final RecipeSpec spec;
  private final RunDirectory run;
  private final List<StageName> stages;
  private final boolean force;
  private final Consumer<Pipeline.StageResult> listener;
  private final List<String> commandArgs;

  private Recipe(Builder b, RecipeSpec spec) {
    this.spec = spec;
    this.run = RunDirectory.of(b.runDirectory != null ? b.runDirectory : Path.of("runs", spec.name()));
    this.stages = b.stages == null ? Arrays.asList(StageName.values()) : List.copyOf(b.stages);
    this.force = b.force;
    this.listener = b.listener;
    List<String> args = new ArrayList<>(List.of("run", b.spec.toString()));
    b.overrides.forEach(o -> args.addAll(List.of("--set", o)));
    this.commandArgs = args;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The resolved spec this recipe runs. */
  public RecipeSpec spec() {
    return spec;
  }

  /** Runs the selected stages into the run directory. */
  public RunResult run() throws Exception {
    try (RunLock lock = RunLock.acquire(run, "recipe run")) {
      lock.cleanStaleTemporaries(run);
      return runLocked(spec, run, stages, force, Invocation.code(commandArgs), listener);
    }
  }

  /**
   * The stages in order, for a caller that holds the run directory's lock ({@code recipe run}):
   * each stage's record names the command that re-runs it alone.
   */
  public static RunResult runLocked(RecipeSpec spec, RunDirectory run, List<StageName> stages, boolean force,
      CodeInfo code, Consumer<Pipeline.StageResult> listener) throws Exception {
    String runArg = Invocation.displayPath(run.root());
    List<Pipeline.StageResult> results = Pipeline.discover().run(stages, force,
        name -> new StageContext(spec, run, code.withCommand(
            Invocation.command(List.of("run", runArg, "--stages", name.id(), "--force")))),
        listener);
    return new RunResult(run, results, evaluation(run), weights(run), existing(run.recipeMarkdown()),
        existing(run.onnxModel()));
  }

  private static Optional<EvalReport> evaluation(RunDirectory run) {
    if (!Files.isRegularFile(run.evalMetrics())) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.json().readValue(run.evalMetrics().toFile(), EvalReport.class));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + run.evalMetrics(), e);
    }
  }

  private static Optional<String> weights(RunDirectory run) {
    if (!Files.isRegularFile(run.stageRecord("train"))) {
      return Optional.empty();
    }
    return Optional.ofNullable(StageRecord.read(run.stageRecord("train"))
        .result(dev.recipe.train.TrainResult.class).metrics().weightsSha256());
  }

  private static Optional<Path> existing(Path p) {
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  /** DJL's builder conventions: {@code setX} required, {@code optX} optional. */
  public static final class Builder {
    private Path spec;
    private final List<String> overrides = new ArrayList<>();
    private Path runDirectory;
    private List<StageName> stages;
    private boolean force;
    private Consumer<Pipeline.StageResult> listener = r -> { };

    private Builder() {}

    /** A spec file (YAML). */
    public Builder setSpec(Path spec) {
      this.spec = spec;
      return this;
    }

    /** A {@code key.path=value} override, as {@code --set} takes it. */
    public Builder optOverride(String keyEqualsValue) {
      overrides.add(keyEqualsValue);
      return this;
    }

    /** The run directory (default {@code runs/<spec name>}). */
    public Builder optRunDirectory(Path dir) {
      this.runDirectory = dir;
      return this;
    }

    /** Only these stages (default all). */
    public Builder optStages(StageName... stages) {
      this.stages = List.of(stages);
      return this;
    }

    /** Run the selected stages even when nothing changed. */
    public Builder optForce(boolean force) {
      this.force = force;
      return this;
    }

    /** Told about each stage as it ends. */
    public Builder optListener(Consumer<Pipeline.StageResult> listener) {
      this.listener = listener;
      return this;
    }

    /** Loads and validates the spec with its overrides (bad input: a RecipeException, exit code 2). */
    public Recipe build() {
      if (spec == null) {
        throw new IllegalStateException("setSpec is required");
      }
      return new Recipe(this, SpecLoader.load(spec, overrides));
    }
  }
}
