/**
 * The training recipe for people and machines: {@code RECIPE.md} and its figures rendered from the
 * stage records of a run directory, read as each stage's result type ({@link
 * dev.recipe.report.RunFacts}), {@code recipe.json} with its self-hash and its typed reading
 * ({@link dev.recipe.report.RecipeDocument}), and the checks built on them ({@code verify},
 * {@code diff}, {@code lint}); one class per recipe section. Nothing here executes text taken from a recipe,
 * and every path read from a record is resolved inside the run directory.
 */
package dev.recipe.report;
