package dev.recipe.core.stage;

import java.util.Locale;

/** The pipeline's stages, in the order {@code recipe run} runs them. */
public enum StageName {
  PREPARE,
  TRAIN,
  EVALUATE,
  EXPORT,
  INFER,
  RENDER;

  /** The name used in records, file names and on the command line. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a stage id, naming the valid ones when it is not one. */
  public static StageName of(String id) {
    for (StageName s : values()) {
      if (s.id().equals(id)) {
        return s;
      }
    }
    throw dev.recipe.core.RecipeException.badInput(
        "unknown stage '" + id + "' (stages: prepare, train, evaluate, export, infer, render)");
  }
}
