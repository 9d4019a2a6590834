/**
 * Learning-rate schedules in epochs (as written in specs), evaluated per optimizer step: constant,
 * step, multistep and cosine, each with an optional linear warmup.
 */
package dev.recipe.train.schedule;
