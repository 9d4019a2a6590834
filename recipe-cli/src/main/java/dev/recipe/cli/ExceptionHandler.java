package dev.recipe.cli;

import dev.recipe.core.RecipeException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Turns exceptions into one clear line on stderr and the exit code of DESIGN.md: a
 * {@link RecipeException} carries its own code, a missing file is bad input (2), anything else is
 * an internal error (3) with its stack trace in the log.
 */
final class ExceptionHandler implements CommandLine.IExecutionExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ExceptionHandler.class);

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
    if (ex instanceof RecipeException re) {
      cl.getErr().println("recipe: " + re.getMessage());
      LOG.debug("details", re);
      return re.exitCode();
    }
    if (ex instanceof UncheckedIOException uio && uio.getCause() instanceof NoSuchFileException nsf) {
      cl.getErr().println("recipe: file not found: " + nsf.getFile());
      return ExitCodes.BAD_INPUT;
    }
    LOG.error("internal error", ex);
    cl.getErr().println("recipe: internal error: " + ex);
    return ExitCodes.INTERNAL;
  }
}
