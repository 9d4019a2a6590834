package dev.recipe.deploy;

/**
 * One class of a prediction.
 *
 * @param index class index (the label)
 * @param name class name
 * @param probability softmax probability in [0, 1]
 */
public record ClassScore(int index, String name, double probability) {}
