package dev.recipe.data.shard;

import dev.recipe.core.RecipeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads the samples of one shard, still encoded. Entry names are checked ({@link SafeTar}) and must
 * be {@code <key>.png} / {@code <key>.cls} pairs in order; anything else is bad input naming the
 * shard.
 */
public final class ShardReader {
  private static final Pattern ENTRY = Pattern.compile("([A-Za-z0-9_-]+)\\.(png|cls)");

  private ShardReader() {}

  /**
   * An encoded sample.
   *
   * @param key sample key
   * @param label class index
   * @param png the PNG bytes
   */
  public record EncodedSample(String key, int label, byte[] png) {}

  /** Parses shard bytes. */
  public static List<EncodedSample> read(byte[] shard, String shardName) {
    try {
      return read(new ByteArrayInputStream(shard), shardName);
    } catch (IOException e) {
      throw RecipeException.badInput(shardName + ": not a readable tar shard: " + e.getMessage(), e);
    }
  }

  /** Parses a shard stream (not closed). */
  public static List<EncodedSample> read(InputStream shard, String shardName) throws IOException {
    List<EncodedSample> out = new ArrayList<>();
    TarArchiveInputStream in = new TarArchiveInputStream(shard);
    String pendingKey = null;
    byte[] pendingPng = null;
    for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
      String name = SafeTar.checkName(shardName, e.getName());
      Matcher m = ENTRY.matcher(name);
      if (!e.isFile() || !m.matches()) {
        throw RecipeException.badInput(shardName + ": unexpected entry '" + name
            + "' (a shard holds only <key>.png and <key>.cls files)");
      }
      byte[] bytes = in.readAllBytes();
      String key = m.group(1);
      if (m.group(2).equals("png")) {
        if (pendingKey != null) {
          throw RecipeException.badInput(shardName + ": sample " + pendingKey + " has no .cls entry");
        }
        pendingKey = key;
        pendingPng = bytes;
      } else {
        if (!key.equals(pendingKey)) {
          throw RecipeException.badInput(shardName + ": entry " + name + " does not follow its .png");
        }
        int label;
        try {
          label = Integer.parseInt(new String(bytes, StandardCharsets.US_ASCII).trim());
        } catch (NumberFormatException ex) {
          throw RecipeException.badInput(shardName + ": " + name + " is not a class index");
        }
        out.add(new EncodedSample(key, label, pendingPng));
        pendingKey = null;
        pendingPng = null;
      }
    }
    if (pendingKey != null) {
      throw RecipeException.badInput(shardName + ": sample " + pendingKey + " has no .cls entry");
    }
    return out;
  }
}
