package dev.recipe.core.prov;

import java.nio.file.Path;

/**
 * The code a stage ran with and the command that re-runs it.
 *
 * @param git the project's git state
 * @param version the project version from its build
 * @param command the exact command line that re-runs this stage
 * @param workingDirectory where that command was run from, so where its relative paths resolve (the
 *     project root when run as documented)
 */
public record CodeInfo(GitInfo git, String version, String command, String workingDirectory) {

  /**
   * The code state of {@code projectDir} with a command run from this process's working directory:
   * the directory its relative paths resolve against (the project root when run as documented).
   */
  public static CodeInfo of(Path projectDir, String version, String command) {
    return new CodeInfo(GitInfo.detect(projectDir), version, command,
        projectDir == null ? null : Path.of("").toAbsolutePath().normalize().toString());
  }

  /** A copy for another command, keeping the git state (read once per process). */
  public CodeInfo withCommand(String newCommand) {
    return new CodeInfo(git, version, newCommand, workingDirectory);
  }
}
