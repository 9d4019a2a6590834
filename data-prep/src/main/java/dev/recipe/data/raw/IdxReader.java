package dev.recipe.data.raw;

import dev.recipe.core.RecipeException;
import dev.recipe.core.record.FileRef;
import dev.recipe.core.spec.DataSpec;
import dev.recipe.data.RasterImage;
import dev.recipe.data.fetch.FetchedFile;
import dev.recipe.data.fetch.RawFetcher;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The IDX format of MNIST, Fashion-MNIST, KMNIST and EMNIST: magic {@code 00 00 <type> <ndims>},
 * {@code ndims} big-endian int32 sizes, then the data. Only unsigned bytes (type 0x08) are used by
 * these datasets and supported here. Images are {@code n x rows x cols}, labels {@code n}.
 */
public final class IdxReader {
  /** What an item's origin is; its index counts images in the file from 0, in file order. */
  static final String SAMPLE_ID = "the raw images file's name as the spec lists it (decompressed),"
      + " '#', and the image's 0-based position in that file, e.g. train-images-idx3-ubyte#0;"
      + " source order is file order";

  private static final int UBYTE = 0x08;

  private IdxReader() {}

  /**
   * An IDX array of unsigned bytes.
   *
   * @param dims sizes, outermost first
   * @param data the values, row-major
   */
  public record IdxArray(int[] dims, byte[] data) {}

  /** Reads an IDX stream (already decompressed); {@code name} names the file in errors. */
  public static IdxArray read(InputStream stream, String name) {
    DataInputStream in = new DataInputStream(stream);
    try {
      int magic;
      try {
        magic = in.readInt();
      } catch (EOFException e) {
        throw RecipeException.badInput(name + ": not an IDX file (shorter than its 4-byte magic)");
      }
      if ((magic >>> 16) != 0) {
        throw RecipeException.badInput(String.format(
            "%s: not an IDX file (magic 0x%08x, expected 0x0000TTDD)", name, magic));
      }
      int type = (magic >>> 8) & 0xff;
      int ndims = magic & 0xff;
      if (type != UBYTE) {
        throw RecipeException.badInput(String.format(
            "%s: IDX element type 0x%02x is not supported (only unsigned bytes, 0x08)", name, type));
      }
      if (ndims < 1 || ndims > 4) {
        throw RecipeException.badInput(name + ": IDX with " + ndims + " dimensions (expected 1 to 4)");
      }
      int[] dims = new int[ndims];
      long total = 1;
      for (int i = 0; i < ndims; i++) {
        dims[i] = in.readInt();
        if (dims[i] <= 0) {
          throw RecipeException.badInput(name + ": IDX dimension " + i + " is " + dims[i]);
        }
        total *= dims[i];
      }
      if (total > Integer.MAX_VALUE - 16) {
        throw RecipeException.badInput(name + ": IDX array of " + total + " bytes is too large");
      }
      byte[] data = new byte[(int) total];
      int n = in.readNBytes(data, 0, data.length);
      if (n != data.length) {
        throw RecipeException.badInput(name + ": truncated IDX file: header promises " + total
            + " data bytes, found " + n);
      }
      if (in.read() != -1) {
        throw RecipeException.badInput(name + ": IDX file has bytes after the " + total
            + " data bytes its header promises");
      }
      return new IdxArray(dims, data);
    } catch (EOFException e) {
      throw RecipeException.badInput(name + ": truncated IDX header", e);
    } catch (IOException e) {
      throw RecipeException.badInput(name + ": cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * The raw dataset of verified IDX files with roles {@code train-images}, {@code train-labels},
   * {@code test-images}, {@code test-labels} (test optional).
   */
  public static RawDataset dataset(DataSpec spec, List<FetchedFile> files) {
    Map<String, FetchedFile> byRole = new LinkedHashMap<>();
    for (FetchedFile f : files) {
      byRole.put(f.spec().role(), f);
    }
    Map<String, List<RawItem>> splits = new LinkedHashMap<>();
    int maxLabel = -1;
    for (String split : List.of("train", "test")) {
      FetchedFile images = byRole.get(split + "-images");
      FetchedFile labels = byRole.get(split + "-labels");
      if (images == null && labels == null && split.equals("test")) {
        continue;
      }
      if (images == null || labels == null) {
        throw RecipeException.badInput("data.files: format idx needs roles " + split + "-images and "
            + split + "-labels (got " + byRole.keySet() + ")");
      }
      IdxArray img = readFile(images);
      IdxArray lab = readFile(labels);
      if (img.dims().length != 3) {
        throw RecipeException.badInput(images.spec().name() + ": images must be 3-dimensional "
            + "(count x rows x cols), got " + img.dims().length + " dimensions");
      }
      if (lab.dims().length != 1) {
        throw RecipeException.badInput(labels.spec().name() + ": labels must be 1-dimensional, got "
            + lab.dims().length + " dimensions");
      }
      if (img.dims()[0] != lab.dims()[0]) {
        throw RecipeException.badInput(images.spec().name() + " has " + img.dims()[0] + " images but "
            + labels.spec().name() + " has " + lab.dims()[0] + " labels");
      }
      for (byte b : lab.data()) {
        maxLabel = Math.max(maxLabel, b & 0xff);
      }
      splits.put(split, items(images.spec().name(), img, lab));
    }
    List<String> ids = IntStream.rangeClosed(0, maxLabel).mapToObj(Integer::toString).toList();
    List<String> names = spec.classNames() == null ? ids : spec.classNames();
    if (names.size() <= maxLabel) {
      throw RecipeException.badInput("data.classNames has " + names.size()
          + " names but the labels go up to " + maxLabel);
    }
    if (names.size() > ids.size()) {
      ids = IntStream.range(0, names.size()).mapToObj(Integer::toString).toList();
    }
    List<FileRef> inputs = files.stream()
        .map(f -> FileRef.hashed(f.spec().name(), f.size(), f.sha256(), f.source())).toList();
    RawSource source = new RawSource(files.stream().map(f -> new RawSource.RawFile(
        f.spec().role(), f.spec().name(), f.source(), f.sha256(), f.size())).toList(), null, null);
    return new RawDataset(ids, names, splits, () -> inputs, source, SAMPLE_ID);
  }

  private static IdxArray readFile(FetchedFile f) {
    try (InputStream in = RawFetcher.open(f)) {
      return read(in, f.path().toString());
    } catch (IOException e) {
      throw RecipeException.badInput(f.path() + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static List<RawItem> items(String fileName, IdxArray images, IdxArray labels) {
    int n = images.dims()[0];
    int rows = images.dims()[1];
    int cols = images.dims()[2];
    int size = rows * cols;
    byte[] data = images.data();
    List<RawItem> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int offset = i * size;
      out.add(new RawItem(fileName + "#" + i, labels.data()[i] & 0xff, () -> {
        byte[] px = new byte[size];
        System.arraycopy(data, offset, px, 0, size);
        return new RasterImage(cols, rows, 1, px);
      }));
    }
    return out;
  }
}
