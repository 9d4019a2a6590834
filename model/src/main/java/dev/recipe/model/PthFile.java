package dev.recipe.model;

import dev.recipe.core.RecipeException;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import net.razorvine.pickle.PickleException;

/**
 * PyTorch state-dict files ({@code .pth}, {@code .pt}) in {@code torch.save}'s zip format, as
 * torchvision and timm publish their weights: {@code <name>/data.pkl} (a pickle of an OrderedDict
 * of tensors whose storages are persistent ids) and one {@code <name>/data/<key>} entry of raw
 * little-endian bytes per storage. Reading unpickles with {@link RestrictedUnpickler} (nothing is
 * executed; any other global is refused naming it); float32, float16, bfloat16 and float64 tensors
 * become float32, {@code num_batches_tracked} is set aside as with safetensors. Writing produces a
 * file that {@code torch.load} and {@code load_state_dict(strict=True)} accept, byte-identical for
 * the same tensors (fixed entry times, 64-byte aligned storages like torch's own writer).
 */
public final class PthFile {
  private static final int ALIGN = 64;
  private static final long MAX_PICKLE = 64L << 20;

  private PthFile() {}

  /** Whether a file is a zip (what torch.save writes since 1.6). */
  public static boolean isPth(Path file) {
    String n = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    return n.endsWith(".pth") || n.endsWith(".pt");
  }

  private static boolean isZip(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] b = in.readNBytes(4);
      return b.length == 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
    } catch (IOException e) {
      return false;
    }
  }

  /** One storage the pickle refers to. */
  private record Storage(String type, String key, long numel) {}

  /** Reads the float tensors of a state-dict file; bad input names the file and what is wrong. */
  public static SafeTensors.Contents read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw RecipeException.badInput("PyTorch weights file " + file + " does not exist");
    }
    if (!isZip(file)) {
      throw RecipeException.badInput(file + ": not a zip; only torch.save's zip format (PyTorch 1.6 and"
          + " later) is read, re-save it with torch.save(torch.load(f), f)");
    }
    try (ZipFile zip = new ZipFile(file.toFile())) {
      List<? extends ZipEntry> pkls = zip.stream().filter(e -> e.getName().endsWith("/data.pkl")
          && e.getName().indexOf('/') == e.getName().length() - "/data.pkl".length()).toList();
      if (pkls.size() != 1) {
        throw RecipeException.badInput(file + ": expected one <name>/data.pkl entry, found " + pkls.size());
      }
      String prefix = pkls.get(0).getName().substring(0, pkls.get(0).getName().length() - "data.pkl".length());
      ByteOrder order = byteOrder(zip, prefix, file);
      byte[] pickle = entryBytes(zip, pkls.get(0), MAX_PICKLE, file);
      Map<String, byte[]> storages = new LinkedHashMap<>();
      RestrictedUnpickler u = new RestrictedUnpickler(
          args -> rebuild(args, storages, zip, prefix, order, file),
          pid -> storage(pid, file));
      Object root;
      try {
        root = u.loads(pickle);
      } catch (RestrictedUnpickler.Refused e) {
        throw RecipeException.badInput(file + ": " + e.getMessage());
      } catch (PickleException | ClassCastException | IllegalArgumentException | IndexOutOfBoundsException e) {
        throw RecipeException.badInput(file + ": not a tensor state dict (" + e.getMessage() + ")");
      }
      if (!(root instanceof Map<?, ?> map)) {
        throw RecipeException.badInput(file + ": the pickle holds " + (root == null ? "None" : root.getClass().getSimpleName())
            + ", not a state dict (a dict of tensors)");
      }
      Map<String, StateDict.Tensor> tensors = new LinkedHashMap<>();
      List<String> ignored = new ArrayList<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String name = String.valueOf(e.getKey());
        if (name.endsWith(SafeTensors.IGNORED_SUFFIX)) {
          ignored.add(name);
        } else if (e.getValue() instanceof StateDict.Tensor t) {
          tensors.put(name, t);
        } else if (e.getValue() instanceof IntegerTensor) {
          throw RecipeException.badInput(file + ": tensor " + name + " holds integers; only floating-point"
              + " weights are read");
        } else {
          throw RecipeException.badInput(file + ": entry " + name + " is not a tensor (a checkpoint with"
              + " more than a state dict? save model.state_dict() alone)");
        }
      }
      return new SafeTensors.Contents(new StateDict(tensors), Map.of(), List.copyOf(ignored));
    } catch (ZipException e) {
      throw RecipeException.badInput(file + ": unreadable zip: " + e.getMessage(), e);
    } catch (NoSuchFileException e) {
      throw RecipeException.badInput("PyTorch weights file " + file + " does not exist");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** A tensor of integers (other than num_batches_tracked): kept only to be named in an error. */
  private record IntegerTensor(String type) {}

  private static Object storage(Object pid, Path file) {
    if (!(pid instanceof Object[] t) || t.length != 5 || !"storage".equals(t[0])
        || !(t[1] instanceof RestrictedUnpickler.StorageType type) || !(t[4] instanceof Number n)) {
      throw RecipeException.badInput(file + ": a persistent id that is not ('storage', type, key, location, numel)");
    }
    return new Storage(type.name(), String.valueOf(t[2]), n.longValue());
  }

  private static Object rebuild(Object[] a, Map<String, byte[]> cache, ZipFile zip, String prefix,
      ByteOrder order, Path file) {
    if (a.length < 6 || !(a[0] instanceof Storage s) || !(a[1] instanceof Number offset)
        || !(a[2] instanceof Object[] size) || !(a[3] instanceof Object[] stride) || size.length != stride.length) {
      throw RecipeException.badInput(file + ": _rebuild_tensor_v2 with unexpected arguments");
    }
    int width = switch (s.type()) {
      case "FloatStorage", "IntStorage" -> 4;
      case "HalfStorage", "BFloat16Storage", "ShortStorage" -> 2;
      case "DoubleStorage", "LongStorage" -> 8;
      default -> 1;
    };
    if (!List.of("FloatStorage", "HalfStorage", "BFloat16Storage", "DoubleStorage").contains(s.type())) {
      return new IntegerTensor(s.type());
    }
    byte[] bytes = cache.computeIfAbsent(s.key(), k -> {
      ZipEntry e = zip.getEntry(prefix + "data/" + k);
      if (e == null) {
        throw RecipeException.badInput(file + ": storage " + k + " is missing (" + prefix + "data/" + k + ")");
      }
      try {
        return entryBytes(zip, e, Math.multiplyExact(s.numel(), width), file);
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    });
    if (bytes.length != s.numel() * width) {
      throw RecipeException.badInput(file + ": storage " + s.key() + " has " + bytes.length + " bytes, "
          + s.numel() + " " + s.type() + " elements need " + s.numel() * width);
    }
    long[] shape = new long[size.length];
    long[] strides = new long[size.length];
    long n = 1;
    long last = offset.longValue();
    for (int i = 0; i < size.length; i++) {
      shape[i] = ((Number) size[i]).longValue();
      strides[i] = ((Number) stride[i]).longValue();
      n = Math.multiplyExact(n, shape[i]);
      last += (shape[i] - 1) * strides[i];
    }
    if (n > 0 && (offset.longValue() < 0 || last >= s.numel() || Arrays.stream(strides).anyMatch(x -> x < 0))) {
      throw RecipeException.badInput(file + ": a tensor of shape " + Arrays.toString(shape)
          + " reaches outside its storage " + s.key());
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(order);
    float[] out = new float[Math.toIntExact(n)];
    long[] idx = new long[shape.length];
    for (int k = 0; k < out.length; k++) {
      long e = offset.longValue();
      for (int d = 0; d < shape.length; d++) {
        e += idx[d] * strides[d];
      }
      int at = Math.toIntExact(e * width);
      out[k] = switch (s.type()) {
        case "FloatStorage" -> buf.getFloat(at);
        case "DoubleStorage" -> (float) buf.getDouble(at);
        case "HalfStorage" -> halfToFloat(buf.getShort(at));
        default -> Float.intBitsToFloat((buf.getShort(at) & 0xffff) << 16); // bfloat16
      };
      for (int d = shape.length - 1; d >= 0; d--) { // row-major increment
        if (++idx[d] < shape[d]) {
          break;
        }
        idx[d] = 0;
      }
    }
    return new StateDict.Tensor(shape, out);
  }

  static float halfToFloat(short h) {
    int bits = h & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      return (sign != 0 ? -1 : 1) * mant * 0x1p-24f; // zero and subnormals
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  private static ByteOrder byteOrder(ZipFile zip, String prefix, Path file) throws IOException {
    ZipEntry e = zip.getEntry(prefix + "byteorder");
    if (e == null) {
      return ByteOrder.LITTLE_ENDIAN; // files from before torch wrote the entry are little-endian
    }
    String s = new String(entryBytes(zip, e, 16, file), StandardCharsets.US_ASCII).strip();
    return switch (s) {
      case "little" -> ByteOrder.LITTLE_ENDIAN;
      case "big" -> ByteOrder.BIG_ENDIAN;
      default -> throw RecipeException.badInput(file + ": unknown byteorder " + s);
    };
  }

  private static byte[] entryBytes(ZipFile zip, ZipEntry e, long max, Path file) throws IOException {
    if (e.getSize() > max) {
      throw RecipeException.badInput(file + ": entry " + e.getName() + " is " + e.getSize() + " bytes, more than "
          + max + " expected");
    }
    try (InputStream in = zip.getInputStream(e)) {
      byte[] b = in.readNBytes((int) Math.min(max, Integer.MAX_VALUE - 8) + 1);
      if (b.length > max) {
        throw RecipeException.badInput(file + ": entry " + e.getName() + " is larger than expected");
      }
      return b;
    }
  }

  // ------------------------------------------------------------------------------------ writing

  /** Writes float32 tensors as a state dict {@code torch.load} reads; the archive is named after the file. */
  public static void write(Path file, StateDict tensors) {
    String name = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    String prefix = (name.matches("[A-Za-z0-9_.-]+") ? name : "archive") + "/";
    dev.recipe.core.io.AtomicFiles.write(file, os -> writeZip(os, prefix, tensors));
  }

  private static void writeZip(OutputStream os, String prefix, StateDict tensors) throws IOException {
    try (Counting count = new Counting(os);
        ZipOutputStream zip = new ZipOutputStream(count)) {
      stored(zip, count, prefix + "data.pkl", pickle(tensors));
      stored(zip, count, prefix + "byteorder", "little".getBytes(StandardCharsets.US_ASCII));
      int i = 0;
      for (String key : tensors.names()) {
        float[] data = tensors.get(key).data();
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data);
        stored(zip, count, prefix + "data/" + i++, b.array());
      }
      stored(zip, count, prefix + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
    }
  }

  /** The pickle torch.save writes for an OrderedDict of contiguous float32 CPU tensors (protocol 2). */
  static byte[] pickle(StateDict tensors) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.write(0x80);
    o.write(2);
    global(o, "collections", "OrderedDict");
    o.write(')');
    o.write('R');
    o.write('(');
    int i = 0;
    for (String key : tensors.names()) {
      long[] shape = tensors.get(key).shape();
      unicode(o, key);
      global(o, "torch._utils", "_rebuild_tensor_v2");
      o.write('(');
      o.write('(');
      unicode(o, "storage");
      global(o, "torch", "FloatStorage");
      unicode(o, Integer.toString(i++));
      unicode(o, "cpu");
      integer(o, tensors.get(key).data().length);
      o.write('t');
      o.write('Q'); // BINPERSID
      integer(o, 0);
      tuple(o, shape);
      long[] stride = new long[shape.length];
      long st = 1;
      for (int d = shape.length - 1; d >= 0; d--) {
        stride[d] = st;
        st *= shape[d];
      }
      tuple(o, stride);
      o.write(0x89); // NEWFALSE: requires_grad
      global(o, "collections", "OrderedDict");
      o.write(')');
      o.write('R');
      o.write('t');
      o.write('R');
    }
    o.write('u'); // SETITEMS
    o.write('.');
    return o.toByteArray();
  }

  private static void global(ByteArrayOutputStream o, String module, String name) {
    o.write('c');
    o.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
  }

  private static void unicode(ByteArrayOutputStream o, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    o.write('X');
    o.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
    o.writeBytes(b);
  }

  private static void integer(ByteArrayOutputStream o, long v) {
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("integer out of range for a state dict: " + v);
    }
    o.write('J');
    o.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
  }

  private static void tuple(ByteArrayOutputStream o, long[] values) {
    if (values.length == 0) {
      o.write(')');
      return;
    }
    o.write('(');
    for (long v : values) {
      integer(o, v);
    }
    o.write('t');
  }

  /** A stored (uncompressed) entry whose data starts on a 64-byte boundary, as torch aligns them. */
  private static void stored(ZipOutputStream zip, Counting count, String name, byte[] data) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setMethod(ZipEntry.STORED);
    e.setSize(data.length);
    e.setCompressedSize(data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    e.setCrc(crc.getValue());
    e.setTimeLocal(java.time.LocalDateTime.of(1980, 1, 1, 0, 0)); // the zip epoch: same bytes everywhere
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    long dataStart = count.written + 30 + nameBytes.length + 4;
    int pad = (int) ((ALIGN - dataStart % ALIGN) % ALIGN);
    byte[] extra = new byte[4 + pad];
    extra[0] = 'F'; // torch's padding field id, "FB"
    extra[1] = 'B';
    extra[2] = (byte) pad;
    extra[3] = (byte) (pad >>> 8);
    e.setExtra(extra);
    zip.putNextEntry(e);
    zip.write(data);
    zip.closeEntry();
  }

  /** Counts bytes so that entries can be aligned. */
  private static final class Counting extends FilterOutputStream {
    long written;

    Counting(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      written++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      written += len;
    }
  }
}
