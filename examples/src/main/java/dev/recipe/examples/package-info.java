/**
 * Example programs for DJL users, compiled by the build and run by the end-to-end test: {@link
 * dev.recipe.examples.TrainWithEasyTrain} trains with DJL's own Trainer on a run's shards, and
 * {@link dev.recipe.examples.PredictWithCriteria} loads a trained run through DJL's Criteria.
 */
package dev.recipe.examples;
