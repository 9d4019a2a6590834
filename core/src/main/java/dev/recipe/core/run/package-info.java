/** The run directory: one place per run for the spec, stage records, data, model, metrics and recipe. */
package dev.recipe.core.run;
