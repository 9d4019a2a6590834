/**
 * Deterministic processing of raw items: class filtering/remapping, the stratified train/val split,
 * class balancing, and exact per-channel statistics. Every random choice comes from
 * {@code core.random.SeededRandom}, whose algorithm is written out here so results do
 * not depend on the JDK.
 */
package dev.recipe.data.process;

