package dev.recipe.core.record;

/**
 * A stage's typed result. Each stage module defines one (a record with these three components),
 * the stage record stores the parts' JSON under {@code params}, {@code metrics} and
 * {@code details}, and readers get the same type back with {@link StageRecord#result(Class)}: the
 * writer's type is the reader's, so nothing downstream looks a value up by a guessed key.
 *
 * <p>Versioning: a field added later is a nullable component (absent in older records, read as
 * null); a field is never renamed or given another meaning under the same name.
 */
public interface StageResult {
  /** What the stage was asked to do, resolved (decides the result). */
  Object params();

  /** What it measured or produced. */
  Object metrics();

  /** How it did it: algorithms, definitions and other facts for the recipe. */
  Object details();
}
