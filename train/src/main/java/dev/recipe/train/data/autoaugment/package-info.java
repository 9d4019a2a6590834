/**
 * torchvision 0.14's automatic augmentation policies on 8-bit images: the fifteen ops of
 * {@code autoaugment._apply_op} as its tensor backend computes them ({@link PixelOps},
 * {@link AffineOps}, dispatched by {@link Op}), and the policies that draw ops and magnitudes from a
 * sample's own generator (TrivialAugmentWide, RandAugment, AutoAugment). Float32 arithmetic follows
 * torchvision's order so that outputs match torchvision's bytes; the golden tests say where they can
 * differ and by how much.
 */
package dev.recipe.train.data.autoaugment;
