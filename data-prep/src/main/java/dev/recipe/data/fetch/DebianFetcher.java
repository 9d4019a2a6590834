package dev.recipe.data.fetch;

import dev.recipe.core.io.AtomicFiles;
import dev.recipe.core.spec.DataSpec.RawFile;
import dev.recipe.data.shard.SafeTar;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Debian package that ships the raw files: {@code apt-get download <package>} into the cache
 * ({@code <cache>/debian/}), then the package's file tree is unpacked with
 * {@code dpkg-deb --fsys-tarfile} and {@link SafeTar} (so no entry can escape the cache folder)
 * into {@code <cache>/debian/<package>/}. Neither step needs root. When the download fails because
 * the package lists are missing and we are root, {@code apt-get update} runs once and the download
 * is retried. The package is fetched at most once per instance and reused from the cache later.
 */
public final class DebianFetcher implements SourceFetcher {
  private static final Logger LOG = LoggerFactory.getLogger(DebianFetcher.class);
  private static final String COMPLETE = ".complete";

  private final String pkg;
  private final String pathInPackage;
  private final Path debDir;
  private final CommandRunner runner;
  private final List<String> log = new ArrayList<>();
  private Path unpacked;
  private String debName;
  private String lastFailure = "";
  private boolean attempted;

  public DebianFetcher(String pkg, String pathInPackage, Path cacheRoot, CommandRunner runner) {
    if (!pkg.matches("[a-z0-9][a-z0-9+.-]+")) {
      throw new IllegalArgumentException("not a Debian package name: " + pkg);
    }
    this.pkg = pkg;
    this.pathInPackage = pathInPackage.replaceFirst("^/+", "");
    SafeTar.checkName("debian source", this.pathInPackage);
    this.debDir = cacheRoot.resolve("debian");
    this.runner = runner;
  }

  @Override
  public Optional<Found> find(RawFile file) {
    if (!attempted) {
      attempted = true;
      try {
        unpacked = materialize();
      } catch (IOException e) {
        note("cannot unpack " + pkg + ": " + e.getMessage());
      }
    }
    if (unpacked == null) {
      lastFailure = String.join("; ", log);
      return Optional.empty();
    }
    Optional<Path> p = LocalFetcher.findIn(unpacked.resolve(pathInPackage), file);
    lastFailure = p.isPresent() ? "" : "package " + pkg + " has no " + pathInPackage + "/"
        + file.name() + "[.gz]";
    return p.map(path -> new Found(path, "debian:" + debName + ":/"
        + unpacked.relativize(path).toString().replace('\\', '/')));
  }

  /** What happened while fetching the package (for the stage log and record). */
  public List<String> log() {
    return List.copyOf(log);
  }

  private Path materialize() throws IOException {
    Path target = debDir.resolve(pkg);
    Path marker = target.resolve(COMPLETE);
    if (Files.isRegularFile(marker)) {
      debName = Files.readString(marker).trim();
      note("using " + debName + " unpacked in the cache " + target);
      return target;
    }
    Files.createDirectories(debDir);
    Optional<Path> deb = cachedDeb();
    if (deb.isEmpty()) {
      CommandRunner.Result r = download();
      if (!r.ok() && listsMissing(r.output()) && isRoot()) {
        note("apt-get download " + pkg + " failed (" + firstLine(r.output())
            + "); package lists look missing and we are root: running apt-get update once");
        CommandRunner.Result u = runner.run(List.of("apt-get", "update"), debDir, null);
        note("apt-get update exited with " + u.exitCode());
        r = download();
      }
      if (!r.ok()) {
        note("apt-get download " + pkg + " failed (exit " + r.exitCode() + "): " + firstLine(r.output()));
        return null;
      }
      deb = cachedDeb();
      if (deb.isEmpty()) {
        note("apt-get download " + pkg + " succeeded but left no " + pkg + "_*.deb in " + debDir);
        return null;
      }
    }
    debName = deb.get().getFileName().toString();
    Path tar = Files.createTempFile(debDir, "." + pkg + ".", ".tar");
    Path tmpDir = Files.createTempDirectory(debDir, "." + pkg + ".");
    try {
      CommandRunner.Result x = runner.run(
          List.of("dpkg-deb", "--fsys-tarfile", deb.get().toString()), debDir, tar);
      if (!x.ok()) {
        note("dpkg-deb --fsys-tarfile " + debName + " failed (exit " + x.exitCode() + "): "
            + firstLine(x.output()));
        return null;
      }
      int files;
      try (InputStream in = Files.newInputStream(tar)) {
        files = SafeTar.extract(in, debName, tmpDir);
      }
      AtomicFiles.writeString(tmpDir.resolve(COMPLETE), debName + "\n");
      FileTrees.deleteTree(target);
      AtomicFiles.move(tmpDir, target);
      tmpDir = null;
      note("unpacked " + files + " files of " + debName + " into " + target);
      return target;
    } finally {
      Files.deleteIfExists(tar);
      if (tmpDir != null) {
        FileTrees.deleteTree(tmpDir);
      }
    }
  }

  private CommandRunner.Result download() {
    note("running apt-get download " + pkg + " in " + debDir);
    return runner.run(List.of("apt-get", "download", pkg), debDir, null);
  }

  private Optional<Path> cachedDeb() throws IOException {
    try (Stream<Path> s = Files.list(debDir)) {
      // several versions: take the highest name (Debian versions mostly sort by name)
      return s.filter(p -> p.getFileName().toString().startsWith(pkg + "_")
              && p.getFileName().toString().endsWith(".deb") && Files.isRegularFile(p))
          .max(Comparator.comparing(p -> p.getFileName().toString()));
    }
  }

  /** apt's messages when it does not know the package, typically because lists were never fetched. */
  static boolean listsMissing(String output) {
    return output.contains("Unable to locate package") || output.contains("has no installation candidate")
        || output.contains("No packages found") || output.contains("Can't select candidate version");
  }

  private boolean isRoot() {
    CommandRunner.Result r = runner.run(List.of("id", "-u"), debDir, null);
    return r.ok() && r.output().trim().equals("0");
  }

  private void note(String message) {
    LOG.info("debian:{}: {}", pkg, message);
    log.add(message);
  }

  private static String firstLine(String text) {
    String t = text.strip();
    // apt prints warnings first; the error line is the informative one
    return t.lines().filter(l -> l.startsWith("E:")).findFirst()
        .orElse(t.isEmpty() ? "(no output)" : t.lines().reduce((a, b) -> b).orElse(t));
  }

  @Override
  public String lastFailure() {
    return lastFailure;
  }

  @Override
  public String describe() {
    return "debian:" + pkg;
  }
}
