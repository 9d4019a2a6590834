package dev.recipe.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.recipe.core.RecipeException;
import dev.recipe.core.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian
 * header length, a JSON header {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__":
 * {string: string}}, then the data. We write F32 only, tensors sorted by name, data in that order,
 * a compact header padded with spaces to a multiple of 8: the same tensors always give the same
 * bytes. Reading validates the header (bounds, sizes, overlaps, dtype) and names the file and
 * tensor in every error. {@code *.num_batches_tracked} entries (int64 in PyTorch-written files) are
 * checked for bounds and skipped: this project does not use them.
 */
public final class SafeTensors {
  /** Keys ending with this are skipped on read (PyTorch BatchNorm counters, any dtype). */
  public static final String IGNORED_SUFFIX = ".num_batches_tracked";

  private static final String METADATA = "__metadata__";
  private static final long MAX_HEADER = 100L << 20;
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

  /**
   * What a file holds.
   *
   * @param tensors the F32 tensors in file (name) order
   * @param metadata the {@code __metadata__} map (empty when absent)
   * @param ignored names of skipped {@code num_batches_tracked} entries
   */
  public record Contents(StateDict tensors, Map<String, String> metadata, List<String> ignored) {}

  private SafeTensors() {}

  public static void write(Path file, StateDict tensors) {
    write(file, tensors, Map.of());
  }

  /** Writes the tensors (sorted by name) and metadata atomically. */
  public static void write(Path file, StateDict tensors, Map<String, String> metadata) {
    AtomicFiles.write(file, out -> write(out, tensors, metadata));
  }

  /** The file's bytes, for hashing or comparison. */
  public static byte[] toBytes(StateDict tensors, Map<String, String> metadata) {
    var out = new java.io.ByteArrayOutputStream();
    try {
      write(out, tensors, metadata);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static void write(OutputStream out, StateDict tensors, Map<String, String> metadata)
      throws IOException {
    TreeMap<String, StateDict.Tensor> sorted = new TreeMap<>(tensors.tensors());
    StringBuilder h = new StringBuilder("{");
    if (!metadata.isEmpty()) {
      h.append(quote(METADATA)).append(":{");
      boolean first = true;
      for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
        h.append(first ? "" : ",").append(quote(e.getKey())).append(':').append(quote(e.getValue()));
        first = false;
      }
      h.append('}');
    }
    long offset = 0;
    for (Map.Entry<String, StateDict.Tensor> e : sorted.entrySet()) {
      if (h.length() > 1) {
        h.append(',');
      }
      long bytes = 4L * e.getValue().data().length;
      h.append(quote(e.getKey())).append(":{\"dtype\":\"F32\",\"shape\":[");
      long[] shape = e.getValue().shape();
      for (int i = 0; i < shape.length; i++) {
        h.append(i == 0 ? "" : ",").append(shape[i]);
      }
      h.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
      offset += bytes;
    }
    h.append('}');
    byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (header.length + 7) / 8 * 8;
    ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
    out.write(len.array());
    out.write(header);
    for (int i = header.length; i < padded; i++) {
      out.write(' ');
    }
    ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    for (StateDict.Tensor t : sorted.values()) {
      for (float f : t.data()) {
        if (!buf.hasRemaining()) {
          out.write(buf.array(), 0, buf.position());
          buf.clear();
        }
        buf.putFloat(f);
      }
    }
    out.write(buf.array(), 0, buf.position());
  }

  private static String quote(String s) {
    try {
      return MAPPER.writeValueAsString(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The F32 tensors of a file. */
  public static StateDict read(Path file) {
    return readContents(file).tensors();
  }

  /** Everything a file holds; a bad-input error naming the file (and tensor) when it is malformed. */
  public static Contents readContents(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw bad(file, "is " + size + " bytes, too short for a safetensors header");
      }
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, lenBuf, 0);
      long headerLen = lenBuf.flip().getLong();
      if (headerLen <= 0 || headerLen > MAX_HEADER || headerLen > size - 8) {
        throw bad(file, "declares a header of " + headerLen + " bytes but the file has " + size
            + " bytes (not a safetensors file, or truncated)");
      }
      ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
      readFully(ch, hb, 8);
      JsonNode header;
      try {
        header = MAPPER.readTree(hb.array());
      } catch (IOException e) {
        throw bad(file, "has an unreadable JSON header: " + e.getMessage());
      }
      if (header == null || !header.isObject()) {
        throw bad(file, "has a header that is not a JSON object");
      }
      long dataStart = 8 + headerLen;
      long dataLen = size - dataStart;
      Map<String, String> metadata = new LinkedHashMap<>();
      List<Entry> entries = new ArrayList<>();
      List<String> ignored = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (f.getKey().equals(METADATA)) {
          readMetadata(file, f.getValue(), metadata);
          continue;
        }
        Entry e = entry(file, f.getKey(), f.getValue(), dataLen);
        entries.add(e);
      }
      checkOverlaps(file, entries);
      Map<String, StateDict.Tensor> tensors = new LinkedHashMap<>();
      MappedByteBuffer data = dataLen == 0 ? null : ch.map(FileChannel.MapMode.READ_ONLY, dataStart, dataLen);
      entries.sort(Comparator.comparing(Entry::name));
      for (Entry e : entries) {
        if (e.name().endsWith(IGNORED_SUFFIX)) {
          ignored.add(e.name());
          continue;
        }
        if (!e.dtype().equals("F32")) {
          throw bad(file, "tensor " + e.name() + " has dtype " + e.dtype() + "; only F32 is supported");
        }
        float[] values = new float[Math.toIntExact(e.elements())];
        if (values.length > 0) {
          data.slice((int) e.begin(), (int) (e.end() - e.begin()))
              .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        }
        tensors.put(e.name(), new StateDict.Tensor(e.shape(), values));
      }
      return new Contents(new StateDict(tensors), metadata, ignored);
    } catch (NoSuchFileException e) {
      throw RecipeException.badInput("safetensors file " + file + " does not exist");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private record Entry(String name, String dtype, long[] shape, long elements, long begin, long end) {}

  private static final Map<String, Integer> DTYPE_BYTES =
      Map.ofEntries(Map.entry("F64", 8), Map.entry("F32", 4), Map.entry("F16", 2), Map.entry("BF16", 2),
          Map.entry("I64", 8), Map.entry("I32", 4), Map.entry("I16", 2), Map.entry("I8", 1),
          Map.entry("U8", 1), Map.entry("BOOL", 1), Map.entry("U16", 2), Map.entry("U32", 4),
          Map.entry("U64", 8));

  private static Entry entry(Path file, String name, JsonNode n, long dataLen) {
    String where = "tensor " + name;
    if (!n.isObject() || !n.path("dtype").isTextual() || !n.path("shape").isArray()
        || !n.path("data_offsets").isArray() || n.path("data_offsets").size() != 2) {
      throw bad(file, where + " needs dtype (string), shape (array) and data_offsets ([begin, end])");
    }
    String dtype = n.get("dtype").asText();
    Integer width = DTYPE_BYTES.get(dtype);
    if (width == null) {
      throw bad(file, where + " has unknown dtype " + dtype);
    }
    long[] shape = new long[n.get("shape").size()];
    long elements = 1;
    for (int i = 0; i < shape.length; i++) {
      JsonNode d = n.get("shape").get(i);
      if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0) {
        throw bad(file, where + " has an invalid shape " + n.get("shape"));
      }
      shape[i] = d.asLong();
      elements = Math.multiplyExact(elements, shape[i]);
    }
    JsonNode o = n.get("data_offsets");
    if (!o.get(0).isIntegralNumber() || !o.get(1).isIntegralNumber()) {
      throw bad(file, where + " has non-integer data_offsets " + o);
    }
    long begin = o.get(0).asLong();
    long end = o.get(1).asLong();
    if (begin < 0 || end < begin || end > dataLen) {
      throw bad(file, where + " has data_offsets [" + begin + ", " + end + "] outside the "
          + dataLen + " data bytes of the file");
    }
    if (end - begin != elements * width) {
      throw bad(file, where + " of shape " + n.get("shape") + " and dtype " + dtype + " needs "
          + elements * width + " bytes but data_offsets span " + (end - begin));
    }
    if (elements > Integer.MAX_VALUE) {
      throw bad(file, where + " has " + elements + " elements, more than this reader supports");
    }
    return new Entry(name, dtype, shape, elements, begin, end);
  }

  private static void checkOverlaps(Path file, List<Entry> entries) {
    List<Entry> byOffset = new ArrayList<>(entries);
    byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    for (int i = 1; i < byOffset.size(); i++) {
      Entry a = byOffset.get(i - 1);
      Entry b = byOffset.get(i);
      if (b.begin() < a.end()) {
        throw bad(file, "tensors " + a.name() + " and " + b.name() + " overlap in the data section");
      }
    }
  }

  private static void readMetadata(Path file, JsonNode n, Map<String, String> out) {
    if (!n.isObject()) {
      throw bad(file, "has a __metadata__ entry that is not an object");
    }
    n.fields().forEachRemaining(e -> {
      if (!e.getValue().isTextual()) {
        throw bad(file, "has __metadata__ value " + e.getKey() + " that is not a string");
      }
      out.put(e.getKey(), e.getValue().asText());
    });
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos + buf.position());
      if (n < 0) {
        throw new IOException("unexpected end of file");
      }
    }
  }

  private static RecipeException bad(Path file, String what) {
    return RecipeException.badInput("safetensors file " + file + " " + what);
  }
}
