/**
 * The model family: torchvision's ResNet v1.5, defined once as a layout ({@link
 * dev.recipe.train.model.ResNetConfig#blocks()}) that the DJL block builder, the state dict, the
 * safetensors files and the ONNX exporter all walk.
 *
 * <p>Weights are exchanged as a {@link dev.recipe.train.model.StateDict} keyed by torchvision's
 * state-dict names; {@link dev.recipe.train.model.ParameterNames} maps those names one-to-one to the
 * DJL parameter paths of {@link dev.recipe.train.model.ResNetBlock}. On disk they are safetensors
 * or PyTorch {@code .pth} state dicts ({@link dev.recipe.train.model.PthFile}, read through a
 * restricted unpickler), chosen by extension in {@link dev.recipe.train.model.WeightFormats}.
 */
package dev.recipe.train.model;
