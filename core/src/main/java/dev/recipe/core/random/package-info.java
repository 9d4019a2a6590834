/**
 * Every random number of the project, from one home: algorithms written out, so that a seed gives
 * the same numbers on every JVM, forever, and a recipe can state them for another implementation.
 * {@code SplitMix} is the generator (java.util.SplittableRandom's numbers); {@code Seeds} derives
 * training's generators from (seed, epoch, sample), so no draw depends on threads or resumption;
 * {@code SeededRandom} is the data split's generator (the same mix with 64-bit rejection for
 * bounded draws, kept because every prepared dataset's split was drawn with it).
 */
package dev.recipe.core.random;
