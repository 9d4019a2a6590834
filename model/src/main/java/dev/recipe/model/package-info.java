/**
 * The model family without an engine: torchvision's ResNet v1.5, defined once as a layout ({@link
 * dev.recipe.model.ResNetConfig#blocks()}) that training's DJL block builder, the state dict, the
 * safetensors files, the cost estimate and the ONNX graph ({@link dev.recipe.model.ResNetOnnx}) all
 * walk.
 *
 * <p>Weights are exchanged as a {@link dev.recipe.model.StateDict} keyed by torchvision's
 * state-dict names ({@link dev.recipe.model.StateDictCheck} says whether one fits an architecture).
 * On disk they are safetensors or PyTorch {@code .pth} state dicts ({@link dev.recipe.model.PthFile},
 * read through a restricted unpickler), chosen by extension in {@link
 * dev.recipe.model.WeightFormats}; a model directory is the weights plus {@code model.json} ({@link
 * dev.recipe.model.ModelDescriptor}, written by {@link dev.recipe.model.ModelFiles}), which records
 * the input preprocessing as data-prep's one type for it. Nothing here imports DJL.
 */
package dev.recipe.model;
