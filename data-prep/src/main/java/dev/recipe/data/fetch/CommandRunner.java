package dev.recipe.data.fetch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs external commands (apt-get, dpkg-deb); an interface so tests can script the answers. */
@FunctionalInterface
public interface CommandRunner {

  /**
   * What a command did.
   *
   * @param exitCode the process exit code (-1 when it could not start or timed out)
   * @param output stdout and stderr merged (or only stderr when stdout went to a file)
   */
  record Result(int exitCode, String output) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  /**
   * Runs {@code command} in {@code workDir}; when {@code stdoutFile} is not null, stdout goes there.
   */
  Result run(List<String> command, Path workDir, Path stdoutFile);

  /** The real runner: a process with a time limit. */
  static CommandRunner system(Duration timeout) {
    return (command, workDir, stdoutFile) -> {
      ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
      Path log = null;
      try {
        log = Files.createTempFile("recipe-cmd", ".log");
        if (stdoutFile != null) {
          pb.redirectOutput(stdoutFile.toFile()).redirectError(log.toFile());
        } else {
          pb.redirectErrorStream(true).redirectOutput(log.toFile());
        }
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          p.destroyForcibly();
          return new Result(-1, String.join(" ", command) + ": timed out after " + timeout);
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
      } catch (IOException e) {
        return new Result(-1, String.join(" ", command) + ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Result(-1, String.join(" ", command) + ": interrupted");
      } finally {
        if (log != null) {
          try {
            Files.deleteIfExists(log);
          } catch (IOException ignored) {
            // a leftover temporary log is harmless
          }
        }
      }
    };
  }
}
