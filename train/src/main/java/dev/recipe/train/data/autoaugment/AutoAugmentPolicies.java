package dev.recipe.train.data.autoaugment;

import static dev.recipe.train.data.autoaugment.Op.AUTO_CONTRAST;
import static dev.recipe.train.data.autoaugment.Op.BRIGHTNESS;
import static dev.recipe.train.data.autoaugment.Op.COLOR;
import static dev.recipe.train.data.autoaugment.Op.CONTRAST;
import static dev.recipe.train.data.autoaugment.Op.EQUALIZE;
import static dev.recipe.train.data.autoaugment.Op.INVERT;
import static dev.recipe.train.data.autoaugment.Op.POSTERIZE;
import static dev.recipe.train.data.autoaugment.Op.ROTATE;
import static dev.recipe.train.data.autoaugment.Op.SHARPNESS;
import static dev.recipe.train.data.autoaugment.Op.SHEAR_X;
import static dev.recipe.train.data.autoaugment.Op.SHEAR_Y;
import static dev.recipe.train.data.autoaugment.Op.SOLARIZE;
import static dev.recipe.train.data.autoaugment.Op.TRANSLATE_X;
import static dev.recipe.train.data.autoaugment.Op.TRANSLATE_Y;

import dev.recipe.train.data.autoaugment.Policies.Step;
import java.util.List;

/**
 * AutoAugment's sub-policies as torchvision 0.14 lists them ({@code _get_policies}): (op,
 * probability, magnitude bin of 10; -1 for none), in torchvision's order, which the policy index
 * draws from. Copied from torchvision's source by a one-off script.
 */
final class AutoAugmentPolicies {
  private AutoAugmentPolicies() {}

  private static Step s(Op op, double p, int bin) {
    return new Step(op, p, bin);
  }

  private static final Step[][] IMAGENET = {
        {s(POSTERIZE, 0.4, 8), s(ROTATE, 0.6, 9)},
        {s(SOLARIZE, 0.6, 5), s(AUTO_CONTRAST, 0.6, -1)},
        {s(EQUALIZE, 0.8, -1), s(EQUALIZE, 0.6, -1)},
        {s(POSTERIZE, 0.6, 7), s(POSTERIZE, 0.6, 6)},
        {s(EQUALIZE, 0.4, -1), s(SOLARIZE, 0.2, 4)},
        {s(EQUALIZE, 0.4, -1), s(ROTATE, 0.8, 8)},
        {s(SOLARIZE, 0.6, 3), s(EQUALIZE, 0.6, -1)},
        {s(POSTERIZE, 0.8, 5), s(EQUALIZE, 1.0, -1)},
        {s(ROTATE, 0.2, 3), s(SOLARIZE, 0.6, 8)},
        {s(EQUALIZE, 0.6, -1), s(POSTERIZE, 0.4, 6)},
        {s(ROTATE, 0.8, 8), s(COLOR, 0.4, 0)},
        {s(ROTATE, 0.4, 9), s(EQUALIZE, 0.6, -1)},
        {s(EQUALIZE, 0.0, -1), s(EQUALIZE, 0.8, -1)},
        {s(INVERT, 0.6, -1), s(EQUALIZE, 1.0, -1)},
        {s(COLOR, 0.6, 4), s(CONTRAST, 1.0, 8)},
        {s(ROTATE, 0.8, 8), s(COLOR, 1.0, 2)},
        {s(COLOR, 0.8, 8), s(SOLARIZE, 0.8, 7)},
        {s(SHARPNESS, 0.4, 7), s(INVERT, 0.6, -1)},
        {s(SHEAR_X, 0.6, 5), s(EQUALIZE, 1.0, -1)},
        {s(COLOR, 0.4, 0), s(EQUALIZE, 0.6, -1)},
        {s(EQUALIZE, 0.4, -1), s(SOLARIZE, 0.2, 4)},
        {s(SOLARIZE, 0.6, 5), s(AUTO_CONTRAST, 0.6, -1)},
        {s(INVERT, 0.6, -1), s(EQUALIZE, 1.0, -1)},
        {s(COLOR, 0.6, 4), s(CONTRAST, 1.0, 8)},
        {s(EQUALIZE, 0.8, -1), s(EQUALIZE, 0.6, -1)}
  };

  private static final Step[][] CIFAR10 = {
        {s(INVERT, 0.1, -1), s(CONTRAST, 0.2, 6)},
        {s(ROTATE, 0.7, 2), s(TRANSLATE_X, 0.3, 9)},
        {s(SHARPNESS, 0.8, 1), s(SHARPNESS, 0.9, 3)},
        {s(SHEAR_Y, 0.5, 8), s(TRANSLATE_Y, 0.7, 9)},
        {s(AUTO_CONTRAST, 0.5, -1), s(EQUALIZE, 0.9, -1)},
        {s(SHEAR_Y, 0.2, 7), s(POSTERIZE, 0.3, 7)},
        {s(COLOR, 0.4, 3), s(BRIGHTNESS, 0.6, 7)},
        {s(SHARPNESS, 0.3, 9), s(BRIGHTNESS, 0.7, 9)},
        {s(EQUALIZE, 0.6, -1), s(EQUALIZE, 0.5, -1)},
        {s(CONTRAST, 0.6, 7), s(SHARPNESS, 0.6, 5)},
        {s(COLOR, 0.7, 7), s(TRANSLATE_X, 0.5, 8)},
        {s(EQUALIZE, 0.3, -1), s(AUTO_CONTRAST, 0.4, -1)},
        {s(TRANSLATE_Y, 0.4, 3), s(SHARPNESS, 0.2, 6)},
        {s(BRIGHTNESS, 0.9, 6), s(COLOR, 0.2, 8)},
        {s(SOLARIZE, 0.5, 2), s(INVERT, 0.0, -1)},
        {s(EQUALIZE, 0.2, -1), s(AUTO_CONTRAST, 0.6, -1)},
        {s(EQUALIZE, 0.2, -1), s(EQUALIZE, 0.6, -1)},
        {s(COLOR, 0.9, 9), s(EQUALIZE, 0.6, -1)},
        {s(AUTO_CONTRAST, 0.8, -1), s(SOLARIZE, 0.2, 8)},
        {s(BRIGHTNESS, 0.1, 3), s(COLOR, 0.7, 0)},
        {s(SOLARIZE, 0.4, 5), s(AUTO_CONTRAST, 0.9, -1)},
        {s(TRANSLATE_Y, 0.9, 9), s(TRANSLATE_Y, 0.7, 9)},
        {s(AUTO_CONTRAST, 0.9, -1), s(SOLARIZE, 0.8, 3)},
        {s(EQUALIZE, 0.8, -1), s(INVERT, 0.1, -1)},
        {s(TRANSLATE_Y, 0.7, 9), s(AUTO_CONTRAST, 0.9, -1)}
  };

  private static final Step[][] SVHN = {
        {s(SHEAR_X, 0.9, 4), s(INVERT, 0.2, -1)},
        {s(SHEAR_Y, 0.9, 8), s(INVERT, 0.7, -1)},
        {s(EQUALIZE, 0.6, -1), s(SOLARIZE, 0.6, 6)},
        {s(INVERT, 0.9, -1), s(EQUALIZE, 0.6, -1)},
        {s(EQUALIZE, 0.6, -1), s(ROTATE, 0.9, 3)},
        {s(SHEAR_X, 0.9, 4), s(AUTO_CONTRAST, 0.8, -1)},
        {s(SHEAR_Y, 0.9, 8), s(INVERT, 0.4, -1)},
        {s(SHEAR_Y, 0.9, 5), s(SOLARIZE, 0.2, 6)},
        {s(INVERT, 0.9, -1), s(AUTO_CONTRAST, 0.8, -1)},
        {s(EQUALIZE, 0.6, -1), s(ROTATE, 0.9, 3)},
        {s(SHEAR_X, 0.9, 4), s(SOLARIZE, 0.3, 3)},
        {s(SHEAR_Y, 0.8, 8), s(INVERT, 0.7, -1)},
        {s(EQUALIZE, 0.9, -1), s(TRANSLATE_Y, 0.6, 6)},
        {s(INVERT, 0.9, -1), s(EQUALIZE, 0.6, -1)},
        {s(CONTRAST, 0.3, 3), s(ROTATE, 0.8, 4)},
        {s(INVERT, 0.8, -1), s(TRANSLATE_Y, 0.0, 2)},
        {s(SHEAR_Y, 0.7, 6), s(SOLARIZE, 0.4, 8)},
        {s(INVERT, 0.6, -1), s(ROTATE, 0.8, 4)},
        {s(SHEAR_Y, 0.3, 7), s(TRANSLATE_X, 0.9, 3)},
        {s(SHEAR_X, 0.1, 6), s(INVERT, 0.6, -1)},
        {s(SOLARIZE, 0.7, 2), s(TRANSLATE_Y, 0.6, 7)},
        {s(SHEAR_Y, 0.8, 4), s(INVERT, 0.8, -1)},
        {s(SHEAR_X, 0.7, 9), s(TRANSLATE_Y, 0.8, 3)},
        {s(SHEAR_Y, 0.8, 5), s(AUTO_CONTRAST, 0.7, -1)},
        {s(SHEAR_X, 0.7, 2), s(INVERT, 0.1, -1)}
  };

  /** The sub-policies of imagenet, cifar10 or svhn. */
  static List<Step[]> of(String policy) {
    return switch (policy) {
      case "imagenet" -> List.of(IMAGENET);
      case "cifar10" -> List.of(CIFAR10);
      case "svhn" -> List.of(SVHN);
      default -> throw new IllegalArgumentException("unknown AutoAugment policy " + policy
          + " (imagenet, cifar10, svhn)");
    };
  }
}
