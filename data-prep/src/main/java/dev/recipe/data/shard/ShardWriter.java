package dev.recipe.data.shard;

import dev.recipe.core.io.AtomicFiles;
import dev.recipe.core.io.Hashing;
import dev.recipe.data.Manifest.ShardInfo;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes one split as WebDataset-style tar shards {@code <split>-NNNNNN.tar}: per sample the entries
 * {@code <key>.png} then {@code <key>.cls} (decimal label). Headers carry a fixed mtime, owner and
 * mode, so equal samples give byte-identical shards. Each shard is written to a temporary name and
 * moved into place when complete. Not thread-safe: one writer per split, fed in sample order.
 */
public final class ShardWriter implements AutoCloseable {
  /** Samples' modification time in the tar headers (fixed for determinism): 2000-01-01T00:00:00Z. */
  public static final long MTIME_MILLIS = 946_684_800_000L;

  private final Path dir;
  private final String split;
  private final int shardSize;
  private final List<ShardInfo> shards = new ArrayList<>();
  private final int firstIndex;
  private final java.util.function.Consumer<ShardInfo> onClose;
  private TarArchiveOutputStream tar;
  private MessageDigest digest;
  private Path tmp;
  private String currentName;
  private int inShard;

  public ShardWriter(Path dir, String split, int shardSize) {
    this(dir, split, shardSize, 0, info -> { });
  }

  /**
   * A writer whose first shard is the split's {@code firstIndex}-th (a resumed split), telling
   * {@code onClose} about each shard once it is in place.
   */
  public ShardWriter(Path dir, String split, int shardSize, int firstIndex,
      java.util.function.Consumer<ShardInfo> onClose) {
    if (!split.matches("[a-z]+")) {
      throw new IllegalArgumentException("split names are lower-case letters, got " + split);
    }
    this.dir = dir;
    this.split = split;
    this.shardSize = shardSize;
    this.firstIndex = firstIndex;
    this.onClose = onClose;
  }

  /** The shard file name of a split's n-th shard. */
  public static String shardName(String split, int index) {
    return String.format("%s-%06d.tar", split, index);
  }

  /** The key of a split's n-th sample. */
  public static String key(long index) {
    return String.format("%08d", index);
  }

  /** Appends a sample (PNG bytes and label). */
  public void add(String key, int label, byte[] png) throws IOException {
    add(key, label, png, "png");
  }

  /** Appends a sample: its image file's bytes, stored as {@code <key>.<format>} (png or jpg), and label. */
  public void add(String key, int label, byte[] image, String format) throws IOException {
    if (!format.equals("png") && !format.equals("jpg")) {
      throw new IllegalArgumentException("format must be png or jpg, got " + format);
    }
    if (tar == null) {
      open();
    }
    entry(key + "." + format, image);
    entry(key + ".cls", Integer.toString(label).getBytes(StandardCharsets.US_ASCII));
    if (++inShard == shardSize) {
      closeShard();
    }
  }

  private void open() throws IOException {
    Files.createDirectories(dir);
    currentName = shardName(split, firstIndex + shards.size());
    tmp = Files.createTempFile(dir, "." + currentName + ".", ".tmp");
    digest = Hashing.sha256Digest();
    OutputStream out = new DigestOutputStream(
        new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16), digest);
    tar = new TarArchiveOutputStream(out);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_ERROR);
    inShard = 0;
  }

  private void entry(String name, byte[] bytes) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(bytes.length);
    e.setModTime(new Date(MTIME_MILLIS));
    e.setMode(0100644);
    e.setUserId(0);
    e.setGroupId(0);
    e.setUserName("");
    e.setGroupName("");
    tar.putArchiveEntry(e);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  private void closeShard() throws IOException {
    tar.finish();
    tar.close();
    tar = null;
    Path target = dir.resolve(currentName);
    AtomicFiles.move(tmp, target);
    ShardInfo info = new ShardInfo(currentName, Hashing.hex(digest.digest()), inShard);
    shards.add(info);
    tmp = null;
    onClose.accept(info);
  }

  /** Finishes the last shard; returns the shards this writer wrote, in order. */
  public List<ShardInfo> finish() throws IOException {
    if (tar != null) {
      closeShard();
    }
    return List.copyOf(shards);
  }

  /** Drops an unfinished shard (after an error). */
  @Override
  public void close() throws IOException {
    if (tar != null) {
      try {
        tar.close();
      } finally {
        tar = null;
        Files.deleteIfExists(tmp);
      }
    }
  }
}
