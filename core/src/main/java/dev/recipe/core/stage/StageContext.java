package dev.recipe.core.stage;

import dev.recipe.core.io.Hashing;
import dev.recipe.core.prov.CodeInfo;
import dev.recipe.core.record.StageRecorder;
import dev.recipe.core.run.RunDirectory;
import dev.recipe.core.spec.RecipeSpec;
import dev.recipe.core.spec.SpecLoader;

/**
 * What a stage gets: the resolved spec, the run directory and the code it runs with (whose
 * {@code command} is the exact command line that re-runs this stage), and who watches its epochs.
 */
public record StageContext(RecipeSpec spec, RunDirectory run, CodeInfo code, EpochObserver epochs) {

  public StageContext {
    epochs = epochs == null ? EpochObserver.NONE : epochs;
  }

  /** A context nobody watches. */
  public StageContext(RecipeSpec spec, RunDirectory run, CodeInfo code) {
    this(spec, run, code, EpochObserver.NONE);
  }

  /** A recorder for this stage, writing {@code stages/<stage>.json} when finished. */
  public StageRecorder recorder(String stage) {
    return new StageRecorder(run, stage, code, specSha256());
  }

  /** SHA-256 of the resolved spec as YAML: what decides whether a stage must run again. */
  public String specSha256() {
    return Hashing.sha256(SpecLoader.toYaml(spec));
  }

  /** The same context with an epoch observer. */
  public StageContext withEpochObserver(EpochObserver observer) {
    return new StageContext(spec, run, code, observer);
  }

  /** The same context with the command line that re-runs another stage. */
  public StageContext forCommand(String command) {
    return new StageContext(spec, run, code.withCommand(command), epochs);
  }
}
