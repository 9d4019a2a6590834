/**
 * DJL users at home: a run's processed data as a DJL {@link
 * ai.djl.basicdataset.cv.classification.ImageClassificationDataset} ({@link
 * dev.recipe.train.djl.RecipeDataset}), so that DJL's own {@code Trainer} and {@code EasyTrain} can
 * train on our shards.
 */
package dev.recipe.train.djl;
