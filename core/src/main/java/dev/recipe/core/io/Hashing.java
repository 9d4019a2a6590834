package dev.recipe.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** SHA-256 of bytes, streams and files, and order-independent fingerprints of directories. */
public final class Hashing {
  private Hashing() {}

  /** A fresh SHA-256 digest. */
  public static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }

  public static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }

  public static String sha256(byte[] bytes) {
    return hex(sha256Digest().digest(bytes));
  }

  public static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  /** SHA-256 of everything the stream yields; the stream is read to its end but not closed. */
  public static String sha256(InputStream in) throws IOException {
    MessageDigest md = sha256Digest();
    byte[] buf = new byte[1 << 16];
    for (int n; (n = in.read(buf)) > 0; ) {
      md.update(buf, 0, n);
    }
    return hex(md.digest());
  }

  /** SHA-256 of a file's bytes. */
  public static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return sha256(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot hash " + file, e);
    }
  }

  /**
   * Fingerprint of a directory: SHA-256 over the sorted list of "relative/path sha256" lines of every
   * regular file below it (with '/' separators), so it does not depend on the filesystem's order,
   * on timestamps or on where the directory lives.
   */
  public static String fingerprint(Path dir) {
    return fingerprint(fileHashes(dir));
  }

  /** Fingerprint of a set of named hashes (for example a dataset's shards), independent of order. */
  public static String fingerprint(Map<String, String> namedHashes) {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(namedHashes).forEach((k, v) -> sb.append(k).append(' ').append(v).append('\n'));
    return sha256(sb.toString());
  }

  /** SHA-256 of every regular file below {@code dir}, keyed by its '/'-separated relative path. */
  public static Map<String, String> fileHashes(Path dir) {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
      for (Path f : files) {
        out.put(dir.relativize(f).toString().replace('\\', '/'), sha256(f));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return out;
  }
}
