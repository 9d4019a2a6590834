/** Progress bars for long work, on the terminal when there is one and in the log otherwise. */
package dev.recipe.core.progress;
