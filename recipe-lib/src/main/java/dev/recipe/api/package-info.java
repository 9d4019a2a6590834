/**
 * The pipeline from Java code: {@link dev.recipe.api.Recipe} does what {@code recipe run} does, in
 * one call, and returns a typed {@link dev.recipe.api.RunResult}.
 */
package dev.recipe.api;
