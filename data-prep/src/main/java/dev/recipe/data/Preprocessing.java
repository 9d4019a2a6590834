package dev.recipe.data;

import dev.recipe.core.spec.PreprocessSpec;
import java.util.List;

/**
 * THE evaluation preprocessing (the one home of it): resize the shorter side, center-crop, scale to
 * [0,1], normalize per channel, CHW float32. Training's validation, evaluation, inference (DJL and
 * ONNX), the model descriptor ({@code model.json}) and the ONNX metadata all use this record, so
 * they cannot drift apart; the spec's {@code PreprocessSpec} is only what a user writes before the
 * data's statistics fill it in ({@link #of}). It also holds the resize and crop primitives that
 * training's augmentations reuse.
 *
 * <p>Semantics, chosen so they can be stated exactly in a recipe:
 * <ul>
 *   <li>Shorter-side resize as torchvision's {@code Resize(int)}: the shorter side becomes
 *       {@code resize}, the longer {@code floor(resize * long / short)}.
 *   <li>Bilinear is {@code torch.nn.functional.interpolate(mode="bilinear", align_corners=False,
 *       antialias=False)}: half-pixel centers, source coordinates clamped at the border, no
 *       low-pass filter when shrinking (PIL and torchvision's antialiased resize differ when
 *       shrinking more than 2x). Results are rounded half up to 8 bits, as a PIL pipeline stores
 *       them before {@code ToTensor}. Nearest is {@code interpolate(mode="nearest")}:
 *       {@code src = floor(dst * in / out)}.
 *   <li>Center crop as torchvision's {@code CenterCrop}: offset {@code round((in - crop) / 2)}
 *       with round-half-even, zero padding when the crop is larger than the image.
 *   <li>Arithmetic is IEEE float/double in a fixed order, so results are identical on every JVM.
 * </ul>
 *
 * @param resize shorter-side size, or null for none
 * @param crop center-crop size (square), or null for none
 * @param interpolation resize interpolation
 * @param mean per-channel mean in [0,1] scale (length = channels)
 * @param std per-channel standard deviation in [0,1] scale
 * @param channels channels the model expects (images are converted to this first)
 */
public record Preprocessing(
    Integer resize, Integer crop, Interpolation interpolation, double[] mean, double[] std,
    int channels) {

  /** Resize interpolation. */
  public enum Interpolation {
    BILINEAR,
    NEAREST;

    /**
     * Parses a name in either case: the spec's lower case, and model descriptors written before this
     * record was their type ({@code "bilinear"}); written as the constant's name.
     */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static Interpolation of(String name) {
      return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
    }
  }

  public Preprocessing {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    }
    if (mean == null || std == null || mean.length != channels || std.length != channels) {
      throw new IllegalArgumentException("mean and std need " + channels + " values each");
    }
    for (double s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("std must be > 0, got " + s);
      }
    }
    interpolation = interpolation == null ? Interpolation.BILINEAR : interpolation;
    mean = mean.clone();
    std = std.clone();
  }

  /**
   * The preprocessing of a spec for a processed dataset: mean/std from the spec when given, else
   * the train split's statistics; channels from the dataset.
   */
  public static Preprocessing of(PreprocessSpec spec, Manifest manifest) {
    int channels = manifest.channels();
    double[] mean = spec.mean() == null ? manifest.statistics().mean() : toArray(spec.mean());
    double[] std = spec.std() == null ? manifest.statistics().std() : toArray(spec.std());
    if (mean.length != channels) {
      throw dev.recipe.core.RecipeException.badInput("training.preprocess.mean/std: the data has "
          + channels + " channel(s), got " + mean.length + " value(s)");
    }
    return new Preprocessing(spec.resize(), spec.crop(), Interpolation.of(spec.interpolation()),
        mean, std, channels);
  }

  // arrays compare by content: two descriptors with the same values are equal
  @Override
  public boolean equals(Object o) {
    return o instanceof Preprocessing p && java.util.Objects.equals(resize, p.resize)
        && java.util.Objects.equals(crop, p.crop) && interpolation == p.interpolation
        && java.util.Arrays.equals(mean, p.mean) && java.util.Arrays.equals(std, p.std)
        && channels == p.channels;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(resize, crop, interpolation, java.util.Arrays.hashCode(mean),
        java.util.Arrays.hashCode(std), channels);
  }

  @Override
  public String toString() {
    return "Preprocessing[resize=" + resize + ", crop=" + crop + ", interpolation=" + interpolation
        + ", mean=" + java.util.Arrays.toString(mean) + ", std=" + java.util.Arrays.toString(std)
        + ", channels=" + channels + "]";
  }

  private static double[] toArray(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Output height for an input of the given size. */
  public int outputHeight(int inWidth, int inHeight) {
    return outputSize(inWidth, inHeight)[1];
  }

  /** Output width for an input of the given size. */
  public int outputWidth(int inWidth, int inHeight) {
    return outputSize(inWidth, inHeight)[0];
  }

  private int[] outputSize(int w, int h) {
    if (crop != null) {
      return new int[] {crop, crop};
    }
    return resize == null ? new int[] {w, h} : shorterSideSize(w, h, resize);
  }

  /** Channel conversion, resize and crop: the uint8 image the model's input is made from. */
  public RasterImage prepare(RasterImage image) {
    RasterImage out = ImageDecoding.toChannels(image, channels);
    if (resize != null) {
      out = resizeShorter(out, resize, interpolation);
    }
    if (crop != null) {
      out = centerCrop(out, crop, crop);
    }
    return out;
  }

  /** The model input: CHW float32, {@code (pixel / 255 - mean[c]) / std[c]}. */
  public float[] apply(RasterImage image) {
    return normalize(prepare(image));
  }

  /** Scales and normalizes an already prepared image into CHW float32. */
  public float[] normalize(RasterImage image) {
    int c = image.channels();
    int plane = image.width() * image.height();
    float[] out = new float[plane * c];
    byte[] px = image.pixels();
    float[][] tables = tables(c);
    for (int ch = 0; ch < c; ch++) {
      float[] table = tables[ch];
      int base = ch * plane;
      for (int i = 0, j = ch; i < plane; i++, j += c) {
        out[base + i] = table[px[j] & 0xff];
      }
    }
    return out;
  }

  /**
   * Per channel, the normalized value of each byte: (x/255 - m)/s computed as x*a + b with a, b in
   * double, rounded once to float. It only depends on the byte, so a 256-entry table gives the same
   * floats at a fraction of the cost.
   */
  private float[][] tables(int c) {
    float[][] t = new float[c][256];
    for (int ch = 0; ch < c; ch++) {
      double a = 1.0 / (255.0 * std[ch]);
      double b = -mean[ch] / std[ch];
      for (int v = 0; v < 256; v++) {
        t[ch][v] = (float) (v * a + b);
      }
    }
    return t;
  }

  // ---------------------------------------------------------------- primitives

  /** torchvision's size for {@code Resize(size)}: shorter side = size, longer scaled and truncated. */
  public static int[] shorterSideSize(int width, int height, int size) {
    if (width <= height) {
      return new int[] {size, (int) ((long) size * height / width)};
    }
    return new int[] {(int) ((long) size * width / height), size};
  }

  /** Resizes so the shorter side is {@code size} (aspect kept as torchvision does). */
  public static RasterImage resizeShorter(RasterImage image, int size, Interpolation interpolation) {
    int[] wh = shorterSideSize(image.width(), image.height(), size);
    return resize(image, wh[0], wh[1], interpolation);
  }

  /** Resizes to exactly {@code width x height}. */
  public static RasterImage resize(
      RasterImage image, int width, int height, Interpolation interpolation) {
    if (width == image.width() && height == image.height()) {
      return image;
    }
    return interpolation == Interpolation.NEAREST
        ? resizeNearest(image, width, height)
        : resizeBilinear(image, width, height);
  }

  /** Bilinear resize, half-pixel centers, no antialias (see the class comment). */
  public static RasterImage resizeBilinear(RasterImage image, int width, int height) {
    int c = image.channels();
    byte[] out = new byte[width * height * c];
    Bilinear.rows(image, width, height, (y, top, bottom, wy) -> {
      for (int i = 0, o = y * width * c; i < width * c; i++, o++) {
        out[o] = Bilinear.toByte(top[i] + (bottom[i] - top[i]) * wy);
      }
    });
    return new RasterImage(width, height, c, out);
  }

  /**
   * {@code normalize(flip?(resizeBilinear(image, width, height)))} in one pass, the same floats: each
   * resized byte goes straight through the normalization table into its (mirrored) place.
   */
  public float[] resizeAndNormalize(RasterImage image, int width, int height, boolean mirror) {
    int c = image.channels();
    if (c != channels) {
      throw new IllegalArgumentException("expected " + channels + " channels, got " + c);
    }
    float[][] tables = tables(c);
    int plane = width * height;
    float[] out = new float[plane * c];
    Bilinear.rows(image, width, height, (y, top, bottom, wy) -> {
      for (int ch = 0; ch < c; ch++) {
        float[] t = tables[ch];
        int base = ch * plane + y * width;
        // two loops rather than a branch per value: the mirrored one writes right to left
        if (mirror) {
          for (int x = 0, i = ch, o = base + width - 1; x < width; x++, i += c, o--) {
            out[o] = t[Bilinear.toByte(top[i] + (bottom[i] - top[i]) * wy) & 0xff];
          }
        } else {
          for (int x = 0, i = ch, o = base; x < width; x++, i += c, o++) {
            out[o] = t[Bilinear.toByte(top[i] + (bottom[i] - top[i]) * wy) & 0xff];
          }
        }
      }
    });
    return out;
  }

  /** Nearest-neighbour resize ({@code src = floor(dst * in / out)}). */
  public static RasterImage resizeNearest(RasterImage image, int width, int height) {
    int c = image.channels();
    byte[] in = image.pixels();
    byte[] out = new byte[width * height * c];
    for (int y = 0; y < height; y++) {
      int sy = Math.min((int) ((long) y * image.height() / height), image.height() - 1);
      for (int x = 0; x < width; x++) {
        int sx = Math.min((int) ((long) x * image.width() / width), image.width() - 1);
        System.arraycopy(in, (sy * image.width() + sx) * c, out, (y * width + x) * c, c);
      }
    }
    return new RasterImage(width, height, c, out);
  }

  /** torchvision's CenterCrop: offsets rounded half-even, zero padding where the crop overhangs. */
  public static RasterImage centerCrop(RasterImage image, int width, int height) {
    int left = (int) Math.rint((image.width() - width) / 2.0);
    int top = (int) Math.rint((image.height() - height) / 2.0);
    return crop(image, left, top, width, height);
  }

  /**
   * The {@code width x height} window whose top-left corner is at ({@code left}, {@code top});
   * parts outside the image are zero (black), as torchvision pads.
   */
  public static RasterImage crop(RasterImage image, int left, int top, int width, int height) {
    if (left == 0 && top == 0 && width == image.width() && height == image.height()) {
      return image;
    }
    int c = image.channels();
    byte[] in = image.pixels();
    byte[] out = new byte[width * height * c];
    int xFrom = Math.max(0, -left);
    int xTo = Math.min(width, image.width() - left);
    for (int y = 0; y < height; y++) {
      int sy = y + top;
      if (sy < 0 || sy >= image.height() || xTo <= xFrom) {
        continue;
      }
      System.arraycopy(in, (sy * image.width() + left + xFrom) * c, out, (y * width + xFrom) * c,
          (xTo - xFrom) * c);
    }
    return new RasterImage(width, height, c, out);
  }

  /** Mirrors the image left-right (for augmentations; DJL's own flip does nothing on CPU). */
  public static RasterImage flipHorizontal(RasterImage image) {
    int c = image.channels();
    int w = image.width();
    byte[] in = image.pixels();
    byte[] out = new byte[in.length];
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < w; x++) {
        System.arraycopy(in, (y * w + x) * c, out, (y * w + (w - 1 - x)) * c, c);
      }
    }
    return new RasterImage(w, image.height(), c, out);
  }
}
