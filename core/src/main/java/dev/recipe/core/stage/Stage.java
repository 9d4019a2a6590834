package dev.recipe.core.stage;

import dev.recipe.core.record.StageRecord;

/** One pipeline stage: reads what earlier stages wrote into the run directory, writes its own record. */
public interface Stage {

  /** The stage name: prepare, train, evaluate, export, infer, render. */
  String name();

  /** Runs the stage and returns the record it wrote to {@code stages/<name>.json}. */
  StageRecord run(StageContext context) throws Exception;
}
