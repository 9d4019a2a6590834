package dev.recipe.core.stage;

import dev.recipe.core.record.DynamicsLine;

/**
 * Told by the train stage after every epoch, with that epoch's dynamics line (the same fields as
 * the {@code "kind":"epoch"} line of {@code metrics/train.jsonl}). {@code recipe reproduce} uses it
 * for its on-track check; returning {@link Decision#STOP} ends training after this epoch's
 * checkpoint, and the stage then fails with a message saying who stopped it.
 */
@FunctionalInterface
public interface EpochObserver {

  /** Whether training goes on. */
  enum Decision { CONTINUE, STOP }

  /** An observer that never stops anything. */
  EpochObserver NONE = line -> Decision.CONTINUE;

  Decision epochEnded(DynamicsLine epochLine);
}
