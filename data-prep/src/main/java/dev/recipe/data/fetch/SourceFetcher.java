package dev.recipe.data.fetch;

import dev.recipe.core.spec.DataSpec.RawFile;
import java.util.Optional;

/** One place raw files may come from. Implementations may cache; one instance per fetch. */
public interface SourceFetcher {

  /**
   * A file found here.
   *
   * @param path where it is on this machine (possibly gzip-compressed)
   * @param source a stable description of where it came from, for the stage record (no
   *     machine-specific cache paths)
   */
  record Found(java.nio.file.Path path, String source) {}

  /**
   * Finds {@code file} here (as {@code name} or {@code name.gz}); empty when this source does not
   * have it, with the reason available from {@link #lastFailure()}.
   */
  Optional<Found> find(RawFile file);

  /** Why the last {@link #find} came back empty. */
  String lastFailure();

  /** A short description of this source, e.g. {@code local:/usr/share/datasets/fashion-mnist}. */
  String describe();
}
