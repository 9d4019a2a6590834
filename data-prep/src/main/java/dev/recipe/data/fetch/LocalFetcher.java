package dev.recipe.data.fetch;

import dev.recipe.core.spec.DataSpec.RawFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A folder on this machine holding the raw files as {@code name} or {@code name.gz}. */
public final class LocalFetcher implements SourceFetcher {
  private final Path folder;
  private String lastFailure = "";

  public LocalFetcher(Path folder) {
    this.folder = folder;
  }

  @Override
  public Optional<Found> find(RawFile file) {
    Optional<Path> p = findIn(folder, file);
    lastFailure = p.isPresent() ? "" : "no " + file.name() + "[.gz] in " + folder;
    return p.map(path -> new Found(path, "local:" + path.toAbsolutePath().normalize()));
  }

  /** {@code dir/name}, else {@code dir/name.gz}. */
  static Optional<Path> findIn(Path dir, RawFile file) {
    for (String n : new String[] {file.name(), file.name() + ".gz"}) {
      Path p = dir.resolve(n);
      if (Files.isRegularFile(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  @Override
  public String lastFailure() {
    return lastFailure;
  }

  @Override
  public String describe() {
    return "local:" + folder;
  }
}
