/**
 * The model on DJL: the {@link dev.recipe.train.model.ResNetBlock} built by walking the layout of
 * {@link dev.recipe.model.ResNetConfig}, its initialization, pretrained weights, and the mapping
 * between torchvision's state-dict names ({@link dev.recipe.model.ParameterNames}) and DJL's
 * parameters ({@link dev.recipe.train.model.ResNets}).
 */
package dev.recipe.train.model;
