package dev.recipe.data.fetch;

import dev.recipe.core.spec.DataSpec.RawFile;
import java.nio.file.Path;

/**
 * A raw file found and verified.
 *
 * @param spec the spec's entry (role, name, expected hash)
 * @param path where it is on this machine (possibly gzip-compressed; read it with
 *     {@link Compression#openDecompressed})
 * @param source which source served it, e.g. {@code debian:<package>.deb:/usr/share/...}
 * @param sha256 SHA-256 of the decompressed bytes (verified equal to the spec's when it has one)
 * @param size decompressed size in bytes
 */
public record FetchedFile(RawFile spec, Path path, String source, String sha256, long size) {}
