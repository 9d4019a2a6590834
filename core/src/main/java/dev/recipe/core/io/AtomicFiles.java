package dev.recipe.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Every artifact is written to a temporary file in the target's directory and then moved into
 * place, so a crash or a kill never leaves a half-written file under the final name.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Something that writes a whole artifact to a stream. */
  @FunctionalInterface
  public interface StreamWriter {
    void write(OutputStream out) throws IOException;
  }

  /** Writes {@code target} atomically with what {@code writer} produces. */
  public static void write(Path target, StreamWriter writer) {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        writer.write(out);
      }
      publishable(tmp);
      move(tmp, target);
      tmp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the temporary name never looks like a finished artifact
        }
      }
    }
  }

  /**
   * Fails now, with the path and the operating system's reason, when {@code target} could not be
   * written later: its directory cannot be made or written, or it is a directory. Leaves nothing.
   */
  public static void checkWritable(Path target) {
    Path dir = target.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
      if (Files.isDirectory(target)) {
        throw new java.nio.file.FileSystemException(target.toString(), null, "is a directory");
      }
      Files.deleteIfExists(Files.createTempFile(dir, "." + target.getFileName() + ".", ".probe"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  public static void writeBytes(Path target, byte[] bytes) {
    write(target, out -> out.write(bytes));
  }

  public static void writeString(Path target, String text) {
    writeBytes(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Temporary files are created owner-only; a published artifact gets the usual rw-r--r-- (rwxr-xr-x
   * for directories) so that other users and tools can read a run directory.
   */
  public static void publishable(Path p) throws IOException {
    if (p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
          Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
    }
  }

  /** Moves a finished temporary file or directory into place, atomically where the filesystem can. */
  public static void move(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
