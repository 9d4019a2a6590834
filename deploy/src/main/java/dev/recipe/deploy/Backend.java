package dev.recipe.deploy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** Which runtime computes the logits. */
public enum Backend {
  /** DJL with the PyTorch engine, from the trained weights. */
  @JsonProperty("djl") DJL,
  /** ONNX Runtime, from an exported {@code .onnx} file; needs no DJL engine. */
  @JsonProperty("onnx") ONNX;

  /** The name used on the command line and in records. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The backend of a command-line name; bad input naming the option otherwise. */
  public static Backend of(String id, String option) {
    for (Backend b : values()) {
      if (b.id().equals(id)) {
        return b;
      }
    }
    throw dev.recipe.core.RecipeException.badInput(option + " must be djl or onnx, got " + id);
  }
}
