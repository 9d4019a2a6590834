package dev.recipe.cli;

import dev.recipe.core.RecipeException;

/** Named exit codes (listed by `recipe --help`). */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int CHECK_FAILED = RecipeException.CHECK_FAILED;
  public static final int BAD_INPUT = RecipeException.BAD_INPUT;
  public static final int INTERNAL = RecipeException.INTERNAL;

  private ExitCodes() {}
}
