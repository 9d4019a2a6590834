package dev.recipe.data;

import dev.recipe.core.RecipeException;

/**
 * An image that cannot be decoded. Bad input (exit code 2) when it escapes; the prepare stage
 * catches it and quarantines the file with {@link #reason()}.
 */
public class ImageDecodeException extends RecipeException {
  private final String reason;

  public ImageDecodeException(String name, String reason) {
    this(name, reason, null);
  }

  public ImageDecodeException(String name, String reason, Throwable cause) {
    super(BAD_INPUT, name + ": cannot decode image: " + reason, cause);
    this.reason = reason;
  }

  /** Why it failed, without the file name (for quarantine lists). */
  public String reason() {
    return reason;
  }
}
