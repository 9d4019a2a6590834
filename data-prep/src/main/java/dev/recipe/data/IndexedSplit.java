package dev.recipe.data;

import dev.recipe.data.Manifest.ShardInfo;
import dev.recipe.data.shard.PngCodec;
import dev.recipe.data.shard.ShardReader;
import dev.recipe.data.shard.ShardReader.EncodedSample;
import dev.recipe.data.shard.ShardReader.IndexedSample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A split read on demand: every shard is verified by SHA-256 and indexed once (where each image's
 * bytes lie), then an image is read from its shard and decoded only when asked for, on the calling
 * thread. Memory holds the index (a few dozen bytes a sample), not the images: this is how a split
 * of JPEGs the size of ImageNet's trains. Reads are positional, so any number of loader threads may
 * call {@link #image} at once. A shard that is not plain ustar (another tool's tar) is held in
 * memory instead.
 */
public final class IndexedSplit implements AutoCloseable {
  private final List<FileChannel> channels = new ArrayList<>();
  private final int[] shardOf;
  private final long[] offset;
  private final int[] length;
  private final int[] label;
  private final boolean[] jpeg;
  private final byte[][] inMemory;
  private final int channelsOut;
  private final String name;

  private IndexedSplit(int n, int channelsOut, String name) {
    shardOf = new int[n];
    offset = new long[n];
    length = new int[n];
    label = new int[n];
    jpeg = new boolean[n];
    inMemory = new byte[n][];
    this.channelsOut = channelsOut;
    this.name = name;
  }

  static IndexedSplit open(ProcessedDataset ds, String split) {
    Manifest m = ds.manifest();
    IndexedSplit s = new IndexedSplit(m.split(split).count(), m.channels(), ds.directory() + ":" + split);
    int i = 0;
    try {
      for (ShardInfo shard : m.split(split).shards()) {
        ProcessedDataset.VerifiedShard v = ds.verified(shard);
        List<IndexedSample> index = ShardReader.index(v.bytes(), v.file().toString());
        int shardNo = s.channels.size();
        if (index != null) {
          ds.checkSamples(v.file(), shard, index);
          s.channels.add(FileChannel.open(v.file(), StandardOpenOption.READ));
          for (IndexedSample e : index) {
            s.shardOf[i] = shardNo;
            s.offset[i] = e.offset();
            s.length[i] = e.length();
            s.label[i] = e.label();
            s.jpeg[i++] = e.format().equals("jpg");
          }
        } else {
          List<EncodedSample> all = ShardReader.read(v.bytes(), v.file().toString());
          ds.checkSamples(v.file(), shard, all);
          s.channels.add(null);
          for (EncodedSample e : all) {
            s.shardOf[i] = shardNo;
            s.inMemory[i] = e.bytes();
            s.label[i] = e.label();
            s.jpeg[i++] = e.format().equals("jpg");
          }
        }
      }
    } catch (IOException e) {
      s.close();
      throw new UncheckedIOException("cannot open the shards of " + split, e);
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  public int size() {
    return label.length;
  }

  public int label(int index) {
    return label[index];
  }

  /** Whether any image of the split is stored as a JPEG (then decoding on demand pays off). */
  public boolean anyJpeg() {
    for (boolean j : jpeg) {
      if (j) {
        return true;
      }
    }
    return false;
  }

  /** The stored bytes of one image. */
  public byte[] bytes(int index) {
    if (inMemory[index] != null) {
      return inMemory[index];
    }
    ByteBuffer buf = ByteBuffer.allocate(length[index]);
    try {
      FileChannel ch = channels.get(shardOf[index]);
      long pos = offset[index];
      while (buf.hasRemaining()) {
        int n = ch.read(buf, pos + buf.position());
        if (n < 0) {
          throw new IOException("unexpected end of shard");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read sample " + index + " of " + name, e);
    }
    return buf.array();
  }

  /** One image, read and decoded now (gray or RGB as the dataset stores it). */
  public RasterImage image(int index) {
    byte[] b = bytes(index);
    String where = name + "#" + index;
    return jpeg[index]
        ? ImageDecoding.toChannels(ImageDecoding.decode(b, where), channelsOut)
        : PngCodec.decode(b, where);
  }

  /**
   * The box of one image that {@code box} picks from its {width, height}: a JPEG decodes only that
   * region (the same pixels as decoding it whole and cropping), a PNG is decoded and cropped.
   */
  public RasterImage imageRegion(int index, java.util.function.BiFunction<Integer, Integer, int[]> box) {
    String where = name + "#" + index;
    if (!jpeg[index]) {
      RasterImage full = PngCodec.decode(bytes(index), where);
      int[] b = box.apply(full.width(), full.height());
      return Preprocessing.crop(full, b[0], b[1], b[2], b[3]);
    }
    return ImageDecoding.toChannels(ImageDecoding.decode(bytes(index), where, box), channelsOut);
  }

  @Override
  public void close() {
    for (FileChannel c : channels) {
      if (c != null) {
        try {
          c.close();
        } catch (IOException ignored) {
          // closing a read-only channel: nothing to lose
        }
      }
    }
  }
}
