/**
 * The on-disk format of a processed dataset: WebDataset-style tar shards of {@code <key>.png} +
 * {@code <key>.cls} pairs with deterministic bytes, a small PNG codec for the 8-bit images they
 * hold, and safe tar handling (no entry may escape its folder).
 */
package dev.recipe.data.shard;
