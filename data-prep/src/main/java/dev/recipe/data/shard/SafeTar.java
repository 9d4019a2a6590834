package dev.recipe.data.shard;

import dev.recipe.core.RecipeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Archive entry names from untrusted archives never leave their folder: absolute names, {@code ..}
 * segments, backslashes, drive letters and NUL bytes are refused, and extraction writes only
 * regular files and directories (links are skipped, so none can point outside either).
 */
public final class SafeTar {
  private SafeTar() {}

  /**
   * Returns the entry name (without a leading {@code ./}) if it is a safe relative path, or throws
   * a bad-input error naming the archive and the entry.
   */
  public static String checkName(String archive, String name) {
    String n = name;
    while (n.startsWith("./")) {
      n = n.substring(2);
    }
    boolean bad = n.isEmpty() && !name.startsWith(".")
        || n.startsWith("/") || n.indexOf('\\') >= 0 || n.indexOf('\0') >= 0
        || n.matches("^[A-Za-z]:.*");
    for (String part : n.split("/")) {
      bad |= part.equals("..");
    }
    if (bad) {
      throw RecipeException.badInput(archive + ": archive entry '" + name.replace("\0", "\\0")
          + "' would escape its folder; refusing the archive");
    }
    return n;
  }

  /**
   * Extracts a tar stream into {@code target} (created if needed). Regular files and directories
   * only; symbolic and hard links and devices are skipped. Returns the number of files written.
   */
  public static int extract(InputStream tar, String archiveName, Path target) throws IOException {
    Path root = target.toAbsolutePath().normalize();
    Files.createDirectories(root);
    int files = 0;
    try (TarArchiveInputStream in = new TarArchiveInputStream(tar)) {
      for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
        String name = checkName(archiveName, e.getName());
        if (name.isEmpty()) {
          continue;
        }
        Path dest = root.resolve(name).normalize();
        if (!dest.startsWith(root)) {
          throw RecipeException.badInput(archiveName + ": archive entry '" + e.getName()
              + "' would escape its folder; refusing the archive");
        }
        if (e.isDirectory()) {
          Files.createDirectories(dest);
        } else if (e.isFile()) {
          Files.createDirectories(dest.getParent());
          Files.copy(in, dest, StandardCopyOption.REPLACE_EXISTING);
          files++;
        }
      }
    }
    return files;
  }
}
