/**
 * Orchestration: runs the stages in order, skips those whose inputs, parameters and code are
 * unchanged; {@link dev.recipe.pipeline.DryRun} is the plan {@code recipe run --dry-run} prints.
 */
package dev.recipe.pipeline;
