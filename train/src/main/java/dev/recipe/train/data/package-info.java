/**
 * The training input pipeline: deterministic per-sample randomness, spec-named augmentations on
 * 8-bit images (random-resized-crop, pad-and-random-crop, horizontal flip, the automatic policies of
 * {@code autoaugment}), normalization with data-prep's {@code Preprocessing}, random erasing of the
 * normalized tensor, and a prefetching batch loader whose output does not depend on
 * the number of loader threads.
 */
package dev.recipe.train.data;
