package dev.recipe.core.record;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.recipe.core.io.Hashing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An input or output of a stage: a file (size and SHA-256) or a directory (total size and
 * fingerprint), with the source that served it when that matters (raw data).
 *
 * @param path path relative to the run directory when inside it, otherwise as given
 * @param kind "file" or "directory"
 * @param sha256 SHA-256 of a file, or {@link Hashing#fingerprint(Path)} of a directory
 * @param source where the file came from, for fetched inputs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FileRef(String path, String kind, long size, String sha256, String source) {

  /** Describes {@code file} (a file or a directory), naming it relative to {@code base} when inside it. */
  public static FileRef of(Path base, Path file) {
    return of(base, file, null);
  }

  public static FileRef of(Path base, Path file, String source) {
    String name = display(base, file);
    try {
      if (Files.isDirectory(file)) {
        long size;
        try (var walk = Files.walk(file)) {
          size = walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        return new FileRef(name, "directory", size, Hashing.fingerprint(file), source);
      }
      return new FileRef(name, "file", Files.size(file), Hashing.sha256(file), source);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot describe " + file, e);
    }
  }

  /** A reference whose hash was computed elsewhere (for example over decompressed bytes). */
  public static FileRef hashed(String path, long size, String sha256, String source) {
    return new FileRef(path, "file", size, sha256, source);
  }

  static String display(Path base, Path file) {
    if (base != null) {
      Path b = base.toAbsolutePath().normalize();
      Path f = file.toAbsolutePath().normalize();
      if (f.startsWith(b)) {
        return b.relativize(f).toString().replace('\\', '/');
      }
    }
    return file.toString();
  }
}
