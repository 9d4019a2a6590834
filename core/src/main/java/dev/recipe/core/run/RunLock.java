package dev.recipe.core.run;

import dev.recipe.core.RecipeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Exclusive use of a run directory by one command: an operating-system lock on {@code RUN/.lock},
 * held until {@link #close()} or the process ends (the OS releases it on a crash or kill, so a lock
 * file left behind is never stale). The file says who holds it, so a second command into a busy
 * directory can name the holder.
 */
public final class RunLock implements AutoCloseable {
  /** The lock file's name inside the run directory. */
  public static final String FILE = ".lock";

  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the run directory (creating it), or fails with bad input naming the process that holds
   * it.
   *
   * @param command what this process is doing, recorded for the next one that finds it busy
   */
  public static RunLock acquire(RunDirectory run, String command) {
    run.create();
    Path file = run.root().resolve(FILE);
    FileChannel ch = null;
    try {
      ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock l;
      try {
        l = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        l = null; // held by this very process
      }
      if (l == null) {
        String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
        ch.close();
        throw RecipeException.badInput("run directory " + run.root() + " is in use by "
            + (holder.isEmpty() ? "another process" : holder)
            + ": wait for it to finish, or use another --out");
      }
      ch.truncate(0);
      ch.write(ByteBuffer.wrap(("process " + ProcessHandle.current().pid() + " (" + command
          + ", since " + Instant.now() + ")\n").getBytes(StandardCharsets.UTF_8)));
      ch.force(false);
      return new RunLock(ch, l);
    } catch (IOException e) {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // the original error is what matters
        }
      }
      throw new UncheckedIOException("cannot lock run directory " + run.root(), e);
    }
  }

  /**
   * Deletes what killed commands left half-written in the run directory: hidden temporary files and
   * directories ({@code .NAME.*.tmp}, {@code .NAME.tmp-*}, {@code .data-*}). Only safe while this
   * lock is held, when no other command can be writing them. Returns how many were removed.
   */
  public int cleanStaleTemporaries(RunDirectory run) {
    List<Path> stale = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(run.root())) {
      walk.filter(p -> {
        String n = p.getFileName().toString();
        return n.startsWith(".") && !n.equals(FILE)
            && (n.endsWith(".tmp") || n.contains(".tmp-") || n.startsWith(".data-"));
      }).forEach(stale::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + run.root(), e);
    }
    int removed = 0;
    for (Path p : stale) {
      if (Files.exists(p)) {
        try (Stream<Path> tree = Files.walk(p)) {
          for (Path q : tree.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(q);
          }
          removed++;
        } catch (IOException e) {
          throw new UncheckedIOException("cannot delete stale temporary " + p, e);
        }
      }
    }
    return removed;
  }

  @Override
  public void close() {
    try {
      channel.truncate(0);
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the run directory lock", e);
    }
  }
}
