/** Benchmarks of data-prep's hot paths (run from {@code recipe bench}, never as timed tests). */
package dev.recipe.data.bench;
