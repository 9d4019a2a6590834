package dev.recipe.core.prov;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitInfoTest {
  @TempDir Path dir;
  Path repo;

  static void git(Path in, String... args) throws Exception {
    var cmd = new java.util.ArrayList<>(List.of("git", "-C", in.toString(),
        "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);
  }

  @BeforeEach
  void makeRepo() throws Exception {
    repo = dir.resolve("repo");
    Files.createDirectories(repo.resolve("sub/deeper"));
    git(repo, "init", "-q");
    Files.writeString(repo.resolve("a.txt"), "one\n");
    git(repo, "add", "a.txt");
    git(repo, "commit", "-q", "-m", "first");
  }

  @Test
  void cleanCheckoutFromASubdirectory() {
    GitInfo g = GitInfo.detect(repo.resolve("sub/deeper"));
    assertTrue(g.inGit());
    assertTrue(g.commit().matches("[0-9a-f]{40}"), g.commit());
    assertFalse(g.dirty());
    assertNull(g.diffSha256());
    assertEquals(List.of(), g.untracked());
  }

  @Test
  void dirtyTreeHasADiffHashAndUntrackedFiles() throws Exception {
    Files.writeString(repo.resolve("a.txt"), "two\n");
    Files.writeString(repo.resolve("new.txt"), "x\n");
    GitInfo g = GitInfo.detect(repo);
    assertTrue(g.dirty());
    assertTrue(g.diffSha256().matches("[0-9a-f]{64}"));
    assertEquals(List.of("new.txt"), g.untracked());
    Files.writeString(repo.resolve("a.txt"), "three\n");
    GitInfo other = GitInfo.detect(repo);
    assertFalse(g.diffSha256().equals(other.diffSha256()), "different diffs hash differently");
  }

  @Test
  void worktreeReportsItsCommit() throws Exception {
    Path wt = dir.resolve("wt");
    git(repo, "worktree", "add", "-q", wt.toString());
    GitInfo main = GitInfo.detect(repo);
    GitInfo g = GitInfo.detect(wt);
    assertTrue(g.inGit());
    assertEquals(main.commit(), g.commit());
    assertFalse(g.dirty());
  }

  @Test
  void outsideGitIsRecordedNotFatal() throws Exception {
    Path plain = Files.createDirectories(dir.resolve("plain"));
    GitInfo g = GitInfo.detect(plain);
    assertFalse(g.inGit());
    assertNull(g.commit());
    assertNotNull(g.reason());
    assertTrue(g.describe().contains("not a git checkout"), g.describe());
  }
}
