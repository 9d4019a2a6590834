package dev.recipe.train.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

/** The two DJL layers every ResNet part is made of, configured as torchvision's. */
final class Layers {
  /**
   * torchvision's BatchNorm momentum is 0.1 (running = 0.9 running + 0.1 batch). DJL 0.36 passes
   * {@code 1 - momentum} to PyTorch ({@code PtNDArrayEx.batchNorm}: "momentum is defined differently
   * in PyTorch"), so the DJL value for the same behaviour is 0.9.
   */
  static final float DJL_BN_MOMENTUM = 0.9f;

  static final float BN_EPSILON = 1e-5f;

  private Layers() {}

  /** A bias-free square convolution. */
  static Conv2d conv(int outChannels, int kernel, int stride, int padding) {
    return Conv2d.builder()
        .setKernelShape(new Shape(kernel, kernel))
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(padding, padding))
        .setFilters(outChannels)
        .optBias(false)
        .build();
  }

  static BatchNorm norm() {
    return BatchNorm.builder().optEpsilon(BN_EPSILON).optMomentum(DJL_BN_MOMENTUM).build();
  }
}
