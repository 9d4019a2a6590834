/**
 * Stage records: the immutable account each stage writes of what it did ({@code stages/<stage>.json}),
 * with the stage's typed result ({@link dev.recipe.core.record.StageResult}) in it, and the lines of
 * the dynamics log ({@link dev.recipe.core.record.DynamicsLine}).
 */
package dev.recipe.core.record;
