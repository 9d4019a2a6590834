package dev.recipe.cli;

import dev.recipe.core.RecipeException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
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
    IOException io = ioCause(ex);
    if (io != null) {
      cl.getErr().println("recipe: " + describe(ex, io));
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

  /** The first I/O exception in the cause chain, or null. */
  static IOException ioCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof IOException io) {
        return io;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }

  /** "what we were doing: path: the OS reason", from the wrapper's message and the I/O cause. */
  static String describe(Throwable top, IOException io) {
    String reason;
    if (io instanceof NoSuchFileException nsf) {
      reason = "no such file or directory: " + nsf.getFile();
    } else if (io instanceof FileAlreadyExistsException fae) {
      reason = fae.getFile() + " exists and is not a directory";
    } else if (io instanceof AccessDeniedException ade) {
      reason = "permission denied: " + ade.getFile();
    } else if (io instanceof FileSystemException fse) {
      reason = (fse.getFile() == null ? "" : fse.getFile() + ": ")
          + (fse.getReason() == null ? fse.getClass().getSimpleName() : fse.getReason())
          + (fse.getOtherFile() == null ? "" : " (" + fse.getOtherFile() + ")");
    } else {
      reason = io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage();
    }
    String context = top != io && top.getMessage() != null && !top.getMessage().equals(io.toString())
        ? top.getMessage() : null;
    if (context != null && context.startsWith(io.getClass().getName())) {
      context = null;
    }
    return context == null ? reason : context + ": " + reason;
  }
}
