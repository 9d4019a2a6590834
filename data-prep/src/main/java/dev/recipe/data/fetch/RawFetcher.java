package dev.recipe.data.fetch;

import dev.recipe.core.RecipeException;
import dev.recipe.core.io.Hashing;
import dev.recipe.core.spec.DataSpec;
import dev.recipe.core.spec.DataSpec.RawFile;
import dev.recipe.core.spec.DataSpec.Source;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a spec's raw files: for each file, the sources in the spec's order until one has it;
 * then the decompressed bytes are hashed and compared with the spec's SHA-256 and size. A mismatch
 * stops everything (bad input, both hashes shown): a wrong file is never "tried elsewhere" silently.
 */
public final class RawFetcher {
  private static final Logger LOG = LoggerFactory.getLogger(RawFetcher.class);

  private final List<SourceFetcher> sources;
  private final Consumer<String> warn;

  public RawFetcher(List<SourceFetcher> sources, Consumer<String> warn) {
    this.sources = List.copyOf(sources);
    this.warn = warn;
  }

  /** The fetchers for a spec's sources, with the real command runner and network client. */
  public static RawFetcher forSpec(DataSpec spec, Path cacheRoot, Consumer<String> warn) {
    return forSpec(spec, cacheRoot, CommandRunner.system(Duration.ofMinutes(10)), warn);
  }

  /** As {@link #forSpec(DataSpec, Path, Consumer)} with a given command runner (tests). */
  public static RawFetcher forSpec(
      DataSpec spec, Path cacheRoot, CommandRunner runner, Consumer<String> warn) {
    List<SourceFetcher> list = new ArrayList<>();
    for (Source s : spec.sources()) {
      list.add(switch (s.type()) {
        case LOCAL -> new LocalFetcher(Path.of(s.path()));
        case URL -> new HttpFetcher(s.url(), cacheRoot, Duration.ofSeconds(5), Duration.ofMinutes(5));
        case DEBIAN -> new DebianFetcher(s.debianPackage(), s.path(), cacheRoot, runner);
      });
    }
    return new RawFetcher(list, warn);
  }

  /**
   * The cache root: {@code $RECIPE_CACHE} when set, else {@code ~/.cache/recipe}. Debian packages
   * go to {@code <root>/debian}, downloads to {@code <root>/http}.
   */
  public static Path defaultCacheRoot(Map<String, String> env) {
    String v = env.get("RECIPE_CACHE");
    return v != null && !v.isBlank()
        ? Path.of(v)
        : Path.of(System.getProperty("user.home"), ".cache", "recipe");
  }

  public List<SourceFetcher> sources() {
    return sources;
  }

  /** Fetches and verifies every file. */
  public List<FetchedFile> fetchAll(List<RawFile> files) {
    List<FetchedFile> out = new ArrayList<>();
    for (RawFile f : files) {
      out.add(fetch(f));
    }
    return out;
  }

  /** Fetches and verifies one file. */
  public FetchedFile fetch(RawFile file) {
    List<String> tried = new ArrayList<>();
    for (SourceFetcher s : sources) {
      Optional<SourceFetcher.Found> found = s.find(file);
      if (found.isPresent()) {
        if (!tried.isEmpty()) {
          LOG.info("{}: served by {} after {}", file.name(), s.describe(), tried);
        }
        return verify(file, found.get());
      }
      LOG.info("{}: not available from {}: {}", file.name(), s.describe(), s.lastFailure());
      tried.add(s.describe() + " (" + s.lastFailure() + ")");
    }
    throw RecipeException.badInput("raw file " + file.name() + " (" + file.role()
        + ") was not found in any source; tried, in order: " + String.join("; ", tried));
  }

  /** Hashes the decompressed bytes and checks them against the spec. */
  public FetchedFile verify(RawFile file, SourceFetcher.Found found) {
    String sha;
    long size;
    try (InputStream raw = Compression.openDecompressed(found.path())) {
      MessageDigest md = Hashing.sha256Digest();
      try (DigestInputStream in = new DigestInputStream(raw, md)) {
        size = in.transferTo(java.io.OutputStream.nullOutputStream());
      }
      sha = Hashing.hex(md.digest());
    } catch (IOException e) {
      throw RecipeException.badInput(found.path() + " (" + file.name() + " from " + found.source()
          + "): cannot read or decompress: " + e.getMessage(), e);
    }
    if (file.sha256() == null) {
      warn.accept(file.name() + ": the spec gives no sha256; using it unverified (actual " + sha + ")");
    } else if (!file.sha256().equals(sha)) {
      throw RecipeException.badInput(file.name() + " from " + found.source() + " (" + found.path()
          + "): SHA-256 of the decompressed bytes does not match: expected " + file.sha256()
          + ", actual " + sha);
    }
    if (file.size() != null && file.size() != size) {
      throw RecipeException.badInput(file.name() + " from " + found.source() + " (" + found.path()
          + "): decompressed size " + size + " bytes, expected " + file.size());
    }
    LOG.info("{}: verified sha256 {} ({} bytes) from {}", file.name(), sha, size, found.source());
    return new FetchedFile(file, found.path(), found.source(), sha, size);
  }

  /** Unchecked wrapper for reading a verified file's decompressed bytes. */
  public static InputStream open(FetchedFile f) {
    try {
      return Compression.openDecompressed(f.path());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f.path(), e);
    }
  }
}
