package dev.recipe.train.data.autoaugment;

import dev.recipe.data.RasterImage;
import dev.recipe.train.data.autoaugment.AffineOps.Interpolation;

/**
 * The ops of torchvision 0.14's {@code autoaugment._apply_op}, under their torchvision names, each
 * taking the magnitude as that function does (a factor of 1 + magnitude for the colour ops, the
 * integer part of a translation or posterize's bits, a threshold, degrees).
 */
public enum Op {
  IDENTITY("Identity"),
  SHEAR_X("ShearX"),
  SHEAR_Y("ShearY"),
  TRANSLATE_X("TranslateX"),
  TRANSLATE_Y("TranslateY"),
  ROTATE("Rotate"),
  BRIGHTNESS("Brightness"),
  COLOR("Color"),
  CONTRAST("Contrast"),
  SHARPNESS("Sharpness"),
  POSTERIZE("Posterize"),
  SOLARIZE("Solarize"),
  AUTO_CONTRAST("AutoContrast"),
  EQUALIZE("Equalize"),
  INVERT("Invert");

  private final String torchName;

  Op(String torchName) {
    this.torchName = torchName;
  }

  /** The name torchvision's policies use. */
  public String torchName() {
    return torchName;
  }

  /** The op of a torchvision name. */
  public static Op of(String torchName) {
    for (Op op : values()) {
      if (op.torchName.equals(torchName)) {
        return op;
      }
    }
    throw new IllegalArgumentException("unknown op " + torchName);
  }

  /**
   * {@code _apply_op(img, op, magnitude, interpolation, fill)}.
   *
   * @param fill null, or one value for every channel, or one per channel (0..255)
   */
  public RasterImage apply(RasterImage img, double magnitude, Interpolation interpolation,
      float[] fill) {
    return switch (this) {
      case IDENTITY -> img;
      // shear angle = degrees(atan(magnitude)) about the top-left corner (center=[0, 0])
      case SHEAR_X -> AffineOps.affine(img, 0.0, 0.0, 0.0,
          Math.toDegrees(Math.atan(magnitude)), 0.0, true, interpolation, fill);
      case SHEAR_Y -> AffineOps.affine(img, 0.0, 0.0, 0.0,
          0.0, Math.toDegrees(Math.atan(magnitude)), true, interpolation, fill);
      // translate=[int(magnitude), 0]: Python's int() truncates toward zero like Java's cast
      case TRANSLATE_X -> AffineOps.affine(img, 0.0, (int) magnitude, 0.0, 0.0, 0.0, false,
          interpolation, fill);
      case TRANSLATE_Y -> AffineOps.affine(img, 0.0, 0.0, (int) magnitude, 0.0, 0.0, false,
          interpolation, fill);
      case ROTATE -> AffineOps.rotate(img, magnitude, interpolation, fill);
      case BRIGHTNESS -> PixelOps.brightness(img, 1.0 + magnitude);
      case COLOR -> PixelOps.saturation(img, 1.0 + magnitude);
      case CONTRAST -> PixelOps.contrast(img, 1.0 + magnitude);
      case SHARPNESS -> PixelOps.sharpness(img, 1.0 + magnitude);
      case POSTERIZE -> PixelOps.posterize(img, (int) magnitude);
      case SOLARIZE -> PixelOps.solarize(img, magnitude);
      case AUTO_CONTRAST -> PixelOps.autocontrast(img);
      case EQUALIZE -> PixelOps.equalize(img);
      case INVERT -> PixelOps.invert(img);
    };
  }

  /** Whether the op moves pixels (and so uses the interpolation and the fill). */
  public boolean geometric() {
    return switch (this) {
      case SHEAR_X, SHEAR_Y, TRANSLATE_X, TRANSLATE_Y, ROTATE -> true;
      default -> false;
    };
  }
}
