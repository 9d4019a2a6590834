package dev.recipe.data.raw;

import java.util.List;

/**
 * Where a raw dataset came from, for the prepare stage's record: the IDX files with the source that
 * served each, or the image-folder root.
 *
 * @param rawFiles IDX data: each file's role, name, source, SHA-256 and size (null for folders)
 * @param root image folders: the root as given (null for IDX data)
 * @param unlabeledValFiles image folders: validation files without a label, left out (null when none)
 */
public record RawSource(List<RawFile> rawFiles, String root, List<String> unlabeledValFiles) {
  /** One checksummed raw file and the source (local path, Debian package, URL) that served it. */
  public record RawFile(String role, String name, String source, String sha256, long size) {}
}
