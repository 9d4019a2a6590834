package dev.recipe.train.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

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

  /** {@code conv}'s forward on one tensor; the caller owns (and should close) the result. */
  static NDArray conv(ParameterStore ps, Conv2d conv, NDArray x, boolean training) {
    return conv.forward(ps, new NDList(x), training).singletonOrThrow();
  }

  /**
   * {@code bn}'s forward on one tensor, straight to PyTorch's {@code batch_norm} (channel axis 1,
   * the same call with the same arguments as DJL's block). DJL's block wraps it in two no-op
   * transposes and a sub-manager whose views keep the result alive until the step's manager closes;
   * this returns a plain tensor that the caller can free as soon as it is consumed.
   */
  static NDArray batchNorm(ParameterStore ps, BatchNorm bn, NDArray x, boolean training) {
    Device d = x.getDevice();
    PairList<String, Parameter> p = bn.getDirectParameters();
    return JniUtils.batchNorm((PtNDArray) x,
        (PtNDArray) ps.getValue(p.get("runningMean"), d, training),
        (PtNDArray) ps.getValue(p.get("runningVar"), d, training),
        (PtNDArray) ps.getValue(p.get("gamma"), d, training),
        (PtNDArray) ps.getValue(p.get("beta"), d, training),
        training,
        // exactly what DJL's block passes: PyTorch's momentum is 1 - DJL's, computed in float
        1f - DJL_BN_MOMENTUM,
        BN_EPSILON);
  }
}
