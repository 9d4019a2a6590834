package dev.recipe.data;

/**
 * One sample of a processed split.
 *
 * @param key the sample id inside its split (zero-padded decimal, as in the shard)
 * @param label class index into {@link Manifest#classNames()}
 * @param image the stored image
 */
public record Sample(String key, int label, RasterImage image) {}
