/** The contract every pipeline stage implements, so the CLI and {@code recipe run} drive them alike. */
package dev.recipe.core.stage;
