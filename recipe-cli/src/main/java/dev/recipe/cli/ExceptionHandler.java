package dev.recipe.cli;

import dev.recipe.core.RecipeException;
import dev.recipe.core.io.IoFailures;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * One error policy: one clear line on stderr and an exit code. A {@link RecipeException} carries its
 * own code; any I/O failure is the environment refusing (permission, missing directory, full disk):
 * exit 2 with the path and the operating system's reason; anything else is a bug: exit 3 with a
 * hint to rerun with {@code --debug}, which prints the stack trace of any error.
 */
final class ExceptionHandler implements CommandLine.IExecutionExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ExceptionHandler.class);

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
    boolean debug = debug(parseResult);
    if (debug) {
      ex.printStackTrace(cl.getErr());
    }
    if (ex instanceof RecipeException re) {
      cl.getErr().println("recipe: " + re.getMessage());
      LOG.debug("details", re);
      return re.exitCode();
    }
    IOException io = IoFailures.cause(ex);
    if (io != null) {
      cl.getErr().println("recipe: " + IoFailures.describe(ex, io));
      LOG.debug("details", ex);
      return ExitCodes.BAD_INPUT;
    }
    LOG.debug("internal error", ex);
    cl.getErr().println("recipe: internal error: " + ex
        + (debug ? "" : " (a bug: rerun with --debug for the trace)"));
    return ExitCodes.INTERNAL;
  }

  private static boolean debug(CommandLine.ParseResult pr) {
    for (CommandLine.ParseResult p = pr; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption(Main.DEBUG)) {
        return true;
      }
    }
    return false;
  }
}
