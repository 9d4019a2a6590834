/**
 * Serialization of a trained model for deployment: an ONNX graph built by walking the one ResNet
 * layout ({@code ResNetConfig.blocks()}) with the trained weights, provenance in its
 * {@code metadata_props}, a parity check against DJL under ONNX Runtime, and a safetensors copy of
 * the weights under torchvision's names. {@link dev.recipe.serialize.ExportStage} is the stage.
 */
package dev.recipe.serialize;

import dev.recipe.model.ResNetConfig;
