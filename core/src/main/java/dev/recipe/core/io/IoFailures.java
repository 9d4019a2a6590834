package dev.recipe.core.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * An I/O failure in one line a user can act on: what we were doing, the path and the operating
 * system's reason (permission, missing directory, full disk). The CLI's error policy prints it, and
 * a program using the library can too.
 */
public final class IoFailures {
  private IoFailures() {}

  /** The first I/O exception in the cause chain, or null. */
  public static IOException cause(Throwable t) {
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
  public static String describe(Throwable top, IOException io) {
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
