/**
 * The processed dataset and everything that reads or makes images: {@link dev.recipe.data.Manifest}
 * and {@link dev.recipe.data.ProcessedDataset} (the shard format every later stage reads),
 * {@link dev.recipe.data.ImageDecoding}, {@link dev.recipe.data.Preprocessing} (the one home of
 * evaluation preprocessing, recorded as it is in {@code model.json}, and of the resize/crop
 * primitives, with the bilinear kernel in {@code Bilinear}) and the
 * {@link dev.recipe.data.PrepareStage}.
 */
package dev.recipe.data;
