package dev.recipe.core.stage;

import dev.recipe.core.prov.CodeInfo;
import dev.recipe.core.record.StageRecorder;
import dev.recipe.core.run.RunDirectory;
import dev.recipe.core.spec.RecipeSpec;

/**
 * What a stage gets: the resolved spec, the run directory and the code it runs with (whose
 * {@code command} is the exact command line that re-runs this stage).
 */
public record StageContext(RecipeSpec spec, RunDirectory run, CodeInfo code) {

  /** A recorder for this stage, writing {@code stages/<stage>.json} when finished. */
  public StageRecorder recorder(String stage) {
    return new StageRecorder(run, stage, code);
  }

  /** The same context with the command line that re-runs another stage. */
  public StageContext forCommand(String command) {
    return new StageContext(spec, run, code.withCommand(command));
  }
}
