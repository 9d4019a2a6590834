package dev.recipe.data.shard;

import dev.recipe.data.ImageDecoding;
import dev.recipe.data.RasterImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A small PNG codec for 8-bit gray and RGB images, the two kinds the shards hold. Encoding is
 * deterministic: a fixed filter choice per row (the smallest sum of absolute values among None,
 * Sub, Up and Paeth, as libpng's heuristic) and a fixed deflate level. Decoding reads what it
 * writes quickly and hands any other PNG (palette, 16-bit, interlaced, alpha) to ImageIO.
 */
public final class PngCodec {
  private static final byte[] SIGNATURE = {(byte) 137, 80, 78, 71, 13, 10, 26, 10};
  private static final int LEVEL = 6;

  private PngCodec() {}

  /** Encodes an image as PNG bytes. */
  public static byte[] encode(RasterImage image) {
    int c = image.channels();
    int stride = image.width() * c;
    byte[] px = image.pixels();
    byte[] raw = new byte[(stride + 1) * image.height()];
    byte[] candidate = new byte[stride];
    for (int y = 0; y < image.height(); y++) {
      int row = y * stride;
      int prev = row - stride;
      int bestFilter = 0;
      long bestScore = Long.MAX_VALUE;
      int outRow = y * (stride + 1);
      for (int f = 0; f <= 4; f++) {
        if (f == 3) {
          continue; // Average is rarely best; skipping it keeps encoding fast
        }
        long score = 0;
        for (int i = 0; i < stride; i++) {
          int a = i >= c ? px[row + i - c] & 0xff : 0;
          int b = y > 0 ? px[prev + i] & 0xff : 0;
          int cc = i >= c && y > 0 ? px[prev + i - c] & 0xff : 0;
          int v = (px[row + i] & 0xff) - predict(f, a, b, cc);
          candidate[i] = (byte) v;
          int s = (byte) v;
          score += Math.abs(s);
        }
        if (score < bestScore) {
          bestScore = score;
          bestFilter = f;
          raw[outRow] = (byte) f;
          System.arraycopy(candidate, 0, raw, outRow + 1, stride);
        }
      }
      raw[outRow] = (byte) bestFilter;
    }
    Deflater deflater = new Deflater(LEVEL);
    ByteArrayOutputStream idat = new ByteArrayOutputStream(raw.length / 2 + 64);
    try {
      deflater.setInput(raw);
      deflater.finish();
      byte[] buf = new byte[8192];
      while (!deflater.finished()) {
        int n = deflater.deflate(buf);
        idat.write(buf, 0, n);
      }
    } finally {
      deflater.end();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(idat.size() + 64);
    out.writeBytes(SIGNATURE);
    ByteBuffer ihdr = ByteBuffer.allocate(13);
    ihdr.putInt(image.width()).putInt(image.height()).put((byte) 8).put((byte) (c == 1 ? 0 : 2))
        .put((byte) 0).put((byte) 0).put((byte) 0);
    chunk(out, "IHDR", ihdr.array());
    chunk(out, "IDAT", idat.toByteArray());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static int predict(int filter, int a, int b, int c) {
    return switch (filter) {
      case 0 -> 0;
      case 1 -> a;
      case 2 -> b;
      case 3 -> (a + b) >>> 1;
      case 4 -> paeth(a, b, c);
      default -> throw new IllegalArgumentException("bad PNG filter " + filter);
    };
  }

  private static int paeth(int a, int b, int c) {
    int p = a + b - c;
    int pa = Math.abs(p - a);
    int pb = Math.abs(p - b);
    int pc = Math.abs(p - c);
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(t);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /** Decodes PNG bytes; {@code name} names them in errors. */
  /**
   * Whether {@code bytes} are a PNG this codec reads (8-bit gray or RGB, not interlaced) and
   * decode to exactly {@code image}: then a source PNG can be stored as it is.
   */
  public static boolean readsAs(byte[] bytes, RasterImage image) {
    if (bytes.length < 8 || (bytes[0] & 0xff) != 0x89 || bytes[1] != 'P' || bytes[2] != 'N' || bytes[3] != 'G') {
      return false;
    }
    try {
      RasterImage r = decode(bytes, "source PNG");
      return r.width() == image.width() && r.height() == image.height() && r.channels() == image.channels()
          && java.util.Arrays.equals(r.pixels(), image.pixels());
    } catch (RuntimeException notOurs) {
      return false;
    }
  }

  public static RasterImage decode(byte[] png, String name) {
    Inflater inflater = new Inflater();
    try {
      return decode(png, name, inflater);
    } finally {
      inflater.end();
    }
  }

  /**
   * Decodes PNG bytes reusing {@code inflater} (reset here; creating one per small image costs more
   * than decoding it). The inflater is the caller's and must not be shared between threads.
   */
  public static RasterImage decode(byte[] png, String name, Inflater inflater) {
    inflater.reset();
    RasterImage fast = decodeSimple(png, inflater);
    return fast != null ? fast : ImageDecoding.decode(png, name);
  }

  /** The fast path: 8-bit gray or RGB, not interlaced; null for anything else or anything odd. */
  private static RasterImage decodeSimple(byte[] png, Inflater inflater) {
    if (png.length < 33) {
      return null;
    }
    for (int i = 0; i < SIGNATURE.length; i++) {
      if (png[i] != SIGNATURE[i]) {
        return null;
      }
    }
    ByteBuffer b = ByteBuffer.wrap(png);
    b.position(8);
    int width = 0;
    int height = 0;
    int channels = 0;
    try {
      byte[] raw = null;
      int rawPos = 0;
      while (b.remaining() >= 12) {
        int len = b.getInt();
        int type = b.getInt();
        if (len < 0 || len > b.remaining() - 4) {
          return null;
        }
        if (type == 0x49484452) { // IHDR
          width = b.getInt(b.position());
          height = b.getInt(b.position() + 4);
          int depth = png[b.position() + 8];
          int colorType = png[b.position() + 9];
          int interlace = png[b.position() + 12];
          if (depth != 8 || (colorType != 0 && colorType != 2) || interlace != 0
              || width <= 0 || height <= 0 || (long) width * height > (1 << 28)) {
            return null;
          }
          channels = colorType == 0 ? 1 : 3;
          raw = new byte[(width * channels + 1) * height];
        } else if (type == 0x49444154) { // IDAT
          if (raw == null) {
            return null;
          }
          inflater.setInput(png, b.position(), len);
          rawPos += inflater.inflate(raw, rawPos, raw.length - rawPos);
          while (!inflater.needsInput() && !inflater.finished() && rawPos < raw.length) {
            rawPos += inflater.inflate(raw, rawPos, raw.length - rawPos);
          }
        } else if (type == 0x49454E44) { // IEND
          break;
        }
        b.position(b.position() + len + 4);
      }
      if (raw == null || rawPos != raw.length) {
        return null;
      }
      return unfilter(raw, width, height, channels);
    } catch (DataFormatException | RuntimeException e) {
      return null;
    }
  }

  private static RasterImage unfilter(byte[] raw, int width, int height, int c) {
    int stride = width * c;
    byte[] px = new byte[stride * height];
    for (int y = 0; y < height; y++) {
      int filter = raw[y * (stride + 1)];
      int in = y * (stride + 1) + 1;
      int row = y * stride;
      int prev = row - stride;
      if (filter < 0 || filter > 4) {
        return null;
      }
      for (int i = 0; i < stride; i++) {
        int a = i >= c ? px[row + i - c] & 0xff : 0;
        int bb = y > 0 ? px[prev + i] & 0xff : 0;
        int cc = i >= c && y > 0 ? px[prev + i - c] & 0xff : 0;
        px[row + i] = (byte) (raw[in + i] + predict(filter, a, bb, cc));
      }
    }
    return new RasterImage(width, height, c, px);
  }
}
