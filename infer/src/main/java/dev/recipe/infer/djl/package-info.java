/**
 * A trained run loaded the way DJL users load any model: {@link
 * dev.recipe.infer.djl.RecipeModels#criteria} gives a {@code Criteria<Image, Classifications>} whose
 * {@code loadModel()} builds the network through {@link dev.recipe.infer.djl.RecipeBlockFactory}
 * and preprocesses with DJL's image-classification translator set from the model's recorded
 * preprocessing.
 */
package dev.recipe.infer.djl;
