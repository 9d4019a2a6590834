/** Orchestration: runs the stages in order, skips those whose inputs, parameters and code are unchanged. */
package dev.recipe.pipeline;
