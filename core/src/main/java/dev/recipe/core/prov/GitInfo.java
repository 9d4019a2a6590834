package dev.recipe.core.prov;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.recipe.core.io.Hashing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The state of the project's code: commit SHA-1, whether the work tree differs from it, the SHA-256
 * of that difference (so two dirty runs can be told apart) and the untracked files. Outside any git
 * checkout, or without git, {@code inGit} is false and {@code reason} says why; that is recorded,
 * never a crash.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GitInfo(
    boolean inGit,
    String commit,
    String branch,
    Boolean dirty,
    String diffSha256,
    List<String> untracked,
    String reason) {

  public GitInfo {
    untracked = untracked == null ? null : List.copyOf(untracked);
  }

  /** Reads the git state of the checkout that contains {@code dir} (a subdirectory or worktree is fine). */
  public static GitInfo detect(Path dir) {
    if (dir == null || !Files.isDirectory(dir)) {
      return notInGit("no project directory to inspect: " + dir);
    }
    try {
      Result top = git(dir, "rev-parse", "--show-toplevel");
      if (top.code != 0) {
        return notInGit("not a git checkout: " + dir.toAbsolutePath());
      }
      Path root = Path.of(top.out.strip());
      Result head = git(root, "rev-parse", "--verify", "-q", "HEAD");
      String commit = head.code == 0 ? head.out.strip() : null;
      Result br = git(root, "rev-parse", "--abbrev-ref", "HEAD");
      String branch = br.code == 0 ? br.out.strip() : null;
      // The diff against HEAD covers staged and unstaged changes to tracked files.
      Result diff = commit == null ? new Result(0, "") : git(root, "diff", "HEAD", "--binary");
      Result others = git(root, "ls-files", "--others", "--exclude-standard");
      List<String> untracked = new ArrayList<>();
      for (String line : others.out.split("\n")) {
        if (!line.isBlank()) {
          untracked.add(line.strip());
        }
      }
      boolean dirty = !diff.out.isEmpty() || !untracked.isEmpty();
      String diffHash = diff.out.isEmpty() ? null : Hashing.sha256(diff.out);
      return new GitInfo(
          true, commit, branch, dirty, diffHash, untracked, commit == null ? "no commit yet" : null);
    } catch (IOException e) {
      return notInGit("git is not available: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return notInGit("interrupted while reading git state");
    }
  }

  public static GitInfo notInGit(String reason) {
    return new GitInfo(false, null, null, null, null, null, reason);
  }

  /** Short form for people: commit (with "-dirty"), or the reason there is none. */
  public String describe() {
    if (!inGit || commit == null) {
      return "(" + reason + ")";
    }
    return commit + (Boolean.TRUE.equals(dirty) ? " (dirty)" : "");
  }

  private record Result(int code, String out) {}

  private static Result git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = p.getInputStream()) {
      in.transferTo(out);
    }
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("git " + String.join(" ", args) + " timed out");
    }
    return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8));
  }
}
