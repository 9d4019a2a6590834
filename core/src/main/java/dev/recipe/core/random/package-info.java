/**
 * Random numbers whose algorithm is this project's, written out, so that a seed gives the same
 * numbers on every JVM, forever, and a recipe can state the algorithm for another implementation.
 */
package dev.recipe.core.random;
