package dev.recipe.cli;

import dev.recipe.api.Invocation;
import dev.recipe.core.run.RunDirectory;
import dev.recipe.core.spec.RecipeSpec;
import dev.recipe.core.spec.SpecLoader;
import dev.recipe.core.stage.StageContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Shared options of the commands that take a spec: {@code SPEC|RUN_DIR}, {@code --out} and
 * {@code --set key=value}. A run directory stands for its {@code spec.resolved.yaml}.
 */
public final class SpecOptions {

  @Parameters(index = "0", paramLabel = "SPEC|RUN_DIR",
      description = "A recipe spec (YAML), or a run directory (its spec.resolved.yaml is used).")
  Path spec;

  @Option(names = "--out", paramLabel = "RUN_DIR",
      description = "Run directory (default: runs/<spec name>, or the RUN_DIR given).")
  Path out;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override a spec value, e.g. --set training.epochs=1 (repeatable; value is YAML).")
  List<String> overrides = new ArrayList<>();

  /** The spec file: the argument itself, or a run directory's resolved spec. */
  public Path specFile() {
    return Files.isDirectory(spec) ? RunDirectory.of(spec).specResolved() : spec;
  }

  public RecipeSpec load() {
    return SpecLoader.load(specFile(), overrides);
  }

  /** The run directory for a loaded spec. */
  public RunDirectory runDirectory(RecipeSpec loaded) {
    if (out != null) {
      return RunDirectory.of(out);
    }
    if (Files.isDirectory(spec)) {
      return RunDirectory.of(spec);
    }
    return RunDirectory.of(Path.of("runs", loaded.name()));
  }

  /**
   * The context of one stage run from the command line {@code ./recipe COMMAND <these options>
   * EXTRA...}: the spec with its overrides, the run directory, and that exact command in the code
   * record. With {@code create}, the run directory is created (stages that start from a spec);
   * without it the run directory must hold earlier stages' output. The resolved spec is not written
   * here: {@code Pipeline.runLocked} writes it once the stage has succeeded with it.
   */
  public StageContext stageContext(String command, List<String> extra, boolean create) {
    RecipeSpec loaded = load();
    RunDirectory run = runDirectory(loaded);
    if (create) {
      run.create();
    }
    List<String> a = new ArrayList<>(List.of(command));
    a.addAll(args(run));
    a.addAll(extra);
    return new StageContext(loaded, run, Invocation.code(a));
  }

  /** The arguments that reproduce these options, for the recorded command line. */
  public List<String> args(RunDirectory run) {
    List<String> a = new ArrayList<>();
    a.add(spec.toString());
    a.add("--out");
    a.add(Invocation.displayPath(run.root()));
    for (String o : overrides) {
      a.add("--set");
      a.add(o);
    }
    return a;
  }
}
