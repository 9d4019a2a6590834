package dev.recipe.core;

/**
 * An error the user can act on, carrying the process exit code the CLI should end with.
 * Exit codes (`recipe --help`): 1 target or check failed, 2 bad usage or input, 3 internal error.
 */
public class RecipeException extends RuntimeException {
  /** Exit code: a target or a check failed. */
  public static final int CHECK_FAILED = 1;
  /** Exit code: bad usage or bad input (spec, file, image). */
  public static final int BAD_INPUT = 2;
  /** Exit code: an internal error. */
  public static final int INTERNAL = 3;

  private final int exitCode;

  public RecipeException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public RecipeException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** A bad-input error (exit code 2). */
  public static RecipeException badInput(String message) {
    return new RecipeException(BAD_INPUT, message);
  }

  /** A bad-input error (exit code 2) with its cause. */
  public static RecipeException badInput(String message, Throwable cause) {
    return new RecipeException(BAD_INPUT, message, cause);
  }

  /** A failed target or check (exit code 1). */
  public static RecipeException checkFailed(String message) {
    return new RecipeException(CHECK_FAILED, message);
  }

  public int exitCode() {
    return exitCode;
  }
}
