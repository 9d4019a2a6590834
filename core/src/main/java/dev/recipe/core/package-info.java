/** Shared by every stage: the recipe spec, the run directory, stage records and provenance. No DJL here. */
package dev.recipe.core;
