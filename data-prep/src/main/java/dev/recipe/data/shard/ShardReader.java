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
 * shard. Plain ustar archives (what {@link ShardWriter} writes) are parsed directly, which is
 * several times faster than a general tar reader on 100,000 tiny entries; anything else (PAX or GNU
 * extension headers from other tools) goes through Commons Compress.
 */
public final class ShardReader {
  private static final Pattern ENTRY = Pattern.compile("([A-Za-z0-9_-]+)\\.(png|jpg|cls)");
  private static final int BLOCK = 512;

  private ShardReader() {}

  /**
   * An encoded sample.
   *
   * @param key sample key
   * @param label class index
   * @param bytes the image file's bytes
   * @param format {@code png} or {@code jpg}: the entry's extension
   */
  public record EncodedSample(String key, int label, byte[] bytes, String format) implements Labeled {}

  /** A sample's key and label, whichever form it was read in. */
  public interface Labeled {
    String key();

    int label();
  }

  /** Parses shard bytes. */
  public static List<EncodedSample> read(byte[] shard, String shardName) {
    List<EncodedSample> fast = readUstar(shard, shardName);
    if (fast != null) {
      return fast;
    }
    try {
      return read(new ByteArrayInputStream(shard), shardName);
    } catch (IOException e) {
      throw RecipeException.badInput(shardName + ": not a readable tar shard: " + e.getMessage(), e);
    }
  }

  /** Parses a shard stream (not closed) with Commons Compress. */
  public static List<EncodedSample> read(InputStream shard, String shardName) throws IOException {
    Pairing pairs = new Pairing(shardName);
    TarArchiveInputStream in = new TarArchiveInputStream(shard);
    for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
      pairs.add(e.getName(), e.isFile(), in.readAllBytes());
    }
    return pairs.finish();
  }

  /**
   * Where a sample's image bytes lie in its shard file (ustar shards as {@link ShardWriter} writes
   * them), so a reader can fetch one sample without holding the shard.
   *
   * @param offset byte offset of the image entry's data in the shard file
   * @param length its length in bytes
   */
  public record IndexedSample(String key, int label, String format, long offset, int length)
      implements Labeled {}

  /**
   * The samples of a plain ustar shard with their byte ranges; null when the archive uses anything
   * else (then read it whole with {@link #read(byte[], String)}).
   */
  public static List<IndexedSample> index(byte[] tar, String shardName) {
    List<IndexedSample> out = new ArrayList<>();
    List<EncodedSample> samples = readUstar(tar, shardName, (sample, offset) -> out.add(
        new IndexedSample(sample.key(), sample.label(), sample.format(), offset, sample.bytes().length)));
    return samples == null ? null : out;
  }

  private static List<EncodedSample> readUstar(byte[] tar, String shardName) {
    return readUstar(tar, shardName, (s, o) -> { });
  }

  /** Plain ustar entries only; null when the archive uses anything else (then the general path). */
  private static List<EncodedSample> readUstar(byte[] tar, String shardName,
      java.util.function.ObjLongConsumer<EncodedSample> imageOffsets) {
    Pairing pairs = new Pairing(shardName);
    pairs.imageOffsets = imageOffsets;
    int pos = 0;
    while (true) {
      if (pos + BLOCK > tar.length) {
        throw RecipeException.badInput(shardName + ": truncated tar (no end-of-archive blocks)");
      }
      if (isZero(tar, pos)) {
        return pairs.finish();
      }
      byte type = tar[pos + 156];
      if ((type != '0' && type != 0) || (tar[pos + 124] & 0x80) != 0) {
        return null; // extension header, link, directory or base-256 size
      }
      long stored = octal(tar, pos + 148, 8);
      long sum = 0;
      for (int i = 0; i < BLOCK; i++) {
        sum += (i >= 148 && i < 156) ? ' ' : tar[pos + i] & 0xff;
      }
      if (stored != sum) {
        throw RecipeException.badInput(shardName + ": corrupt tar header at byte " + pos);
      }
      String name = cString(tar, pos, 100);
      if (tar[pos + 257] == 'u' && tar[pos + 258] == 's' && tar[pos + 259] == 't') {
        String prefix = cString(tar, pos + 345, 155);
        name = prefix.isEmpty() ? name : prefix + "/" + name;
      }
      long size = octal(tar, pos + 124, 12);
      int start = pos + BLOCK;
      if (size < 0 || start + size > tar.length) {
        throw RecipeException.badInput(shardName + ": truncated tar entry " + name);
      }
      byte[] bytes = java.util.Arrays.copyOfRange(tar, start, start + (int) size);
      pairs.offset = start;
      pairs.add(name, true, bytes);
      pos = start + (int) ((size + BLOCK - 1) / BLOCK * BLOCK);
    }
  }

  private static boolean isZero(byte[] b, int pos) {
    for (int i = pos; i < pos + BLOCK; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static String cString(byte[] b, int pos, int max) {
    int end = pos;
    while (end < pos + max && b[end] != 0) {
      end++;
    }
    return new String(b, pos, end - pos, StandardCharsets.UTF_8);
  }

  /** A tar octal number: optional leading spaces, octal digits, then NUL or space; -1 if not. */
  private static long octal(byte[] b, int pos, int len) {
    int i = pos;
    int end = pos + len;
    while (i < end && b[i] == ' ') {
      i++;
    }
    long v = 0;
    for (; i < end && b[i] >= '0' && b[i] <= '7'; i++) {
      v = v * 8 + (b[i] - '0');
    }
    return i < end && b[i] != 0 && b[i] != ' ' ? -1 : v;
  }

  /** Pairs {@code <key>.png} or {@code <key>.jpg} with the {@code <key>.cls} that follows it. */
  private static final class Pairing {
    private final String shardName;
    private final List<EncodedSample> out = new ArrayList<>();
    private String pendingKey;
    private byte[] pendingPng;
    private String pendingFormat;
    private long pendingOffset;
    long offset;
    java.util.function.ObjLongConsumer<EncodedSample> imageOffsets = (e, o) -> { };

    Pairing(String shardName) {
      this.shardName = shardName;
    }

    void add(String rawName, boolean isFile, byte[] bytes) {
      String name = SafeTar.checkName(shardName, rawName);
      Matcher m = ENTRY.matcher(name);
      if (!isFile || !m.matches()) {
        throw RecipeException.badInput(shardName + ": unexpected entry '" + name
            + "' (a shard holds only <key>.png or <key>.jpg and <key>.cls files)");
      }
      String key = m.group(1);
      if (!m.group(2).equals("cls")) {
        if (pendingKey != null) {
          throw RecipeException.badInput(shardName + ": sample " + pendingKey + " has no .cls entry");
        }
        pendingKey = key;
        pendingPng = bytes;
        pendingFormat = m.group(2);
        pendingOffset = offset;
        return;
      }
      if (!key.equals(pendingKey)) {
        throw RecipeException.badInput(shardName + ": entry " + name + " does not follow its image");
      }
      int label;
      try {
        label = Integer.parseInt(new String(bytes, StandardCharsets.US_ASCII).trim());
      } catch (NumberFormatException ex) {
        throw RecipeException.badInput(shardName + ": " + name + " is not a class index");
      }
      EncodedSample sample = new EncodedSample(key, label, pendingPng, pendingFormat);
      out.add(sample);
      imageOffsets.accept(sample, pendingOffset);
      pendingKey = null;
      pendingPng = null;
    }

    List<EncodedSample> finish() {
      if (pendingKey != null) {
        throw RecipeException.badInput(shardName + ": sample " + pendingKey + " has no .cls entry");
      }
      return out;
    }
  }
}
