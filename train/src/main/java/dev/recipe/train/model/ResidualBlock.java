package dev.recipe.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.recipe.model.BlockDef;
import java.util.ArrayList;
import java.util.List;

/**
 * One residual block (torchvision's {@code BasicBlock} or {@code Bottleneck}). Children, in this
 * order: conv1, bn1, conv2, bn2[, conv3, bn3][, downsample = Sequential(Conv2d 1x1, BatchNorm)].
 */
public final class ResidualBlock extends AbstractBlock {
  private static final byte VERSION = 1;

  private final BlockDef def;
  private final List<Conv2d> convs = new ArrayList<>();
  private final List<BatchNorm> norms = new ArrayList<>();
  private final SequentialBlock downsample;

  ResidualBlock(BlockDef def) {
    super(VERSION);
    this.def = def;
    for (int n = 1; n <= def.kind().convs(); n++) {
      int k = def.convKernel(n);
      convs.add(addChildBlock("conv" + n, Layers.conv(def.convOut(n), k, def.convStride(n), k / 2)));
      norms.add(addChildBlock("bn" + n, Layers.norm()));
    }
    if (def.hasDownsample()) {
      downsample =
          addChildBlock(
              "downsample",
              new SequentialBlock()
                  .add(Layers.conv(def.outChannels(), 1, def.stride(), 0))
                  .add(Layers.norm()));
    } else {
      downsample = null;
    }
  }

  /** The layout entry this block was built from. */
  public BlockDef def() {
    return def;
  }

  /**
   * conv-bn-relu twice (basic) or three times (bottleneck), the last without ReLU, plus the
   * identity or downsampled input, then ReLU. Each intermediate is closed as soon as the next op has
   * consumed it: autograd keeps what backward needs, and the rest is freed at once (as PyTorch's
   * reference counting does) instead of living until the step's manager closes. That halves the
   * step's working set; at 28 px the speed was within the noise (docs/benchmarks.md).
   */
  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray in = inputs.singletonOrThrow();
    NDArray x = in;
    int last = convs.size() - 1;
    for (int i = 0; i <= last; i++) {
      NDArray c = Layers.conv(ps, convs.get(i), x, training);
      if (x != in) {
        x.close();
      }
      NDArray b = Layers.batchNorm(ps, norms.get(i), c, training);
      c.close();
      if (i < last) {
        x = Activation.relu(b);
        b.close();
      } else {
        x = b;
      }
    }
    NDArray identity = in;
    if (downsample != null) {
      NDArray dsIn = narrowStridedShortcut() ? contiguous(in) : in;
      NDArray c = Layers.conv(ps, (Conv2d) downsample.getChildren().get(0).getValue(), dsIn, training);
      if (dsIn != in) {
        dsIn.close();
      }
      identity = Layers.batchNorm(ps, (BatchNorm) downsample.getChildren().get(1).getValue(), c, training);
      c.close();
    }
    NDArray sum = x.add(identity);
    x.close();
    if (identity != in) {
      identity.close();
    }
    NDArray out = Activation.relu(sum);
    sum.close();
    return new NDList(out);
  }

  /**
   * Whether this block's shortcut is a stride-2 1x1 convolution over fewer than 16 channels: with a
   * channels-last input, PyTorch 2.7.1's oneDNN kernel for that convolution's weight gradient
   * (jit_avx512_common_1x1_convolution_bwd_weights) crashes the process or hangs (measured: basic
   * blocks at width 4 and 8 from 56 px up; width 12 and 16 are fine). Such a shortcut runs on a
   * contiguous copy instead, which is cheap at that size. No shipped spec has one.
   */
  private boolean narrowStridedShortcut() {
    return def.stride() == 2 && def.inChannels() < 16;
  }

  /** A contiguous (NCHW-ordered) copy, by autograd-tracked ops: flatten copies a strided tensor. */
  private static NDArray contiguous(NDArray x) {
    Shape shape = x.getShape();
    try (NDArray flat = x.flatten()) {
      return flat.reshape(shape);
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape[] s = inputShapes;
    for (Conv2d c : convs) {
      s = c.getOutputShapes(s);
    }
    return s;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape[] s = inputShapes;
    for (int i = 0; i < convs.size(); i++) {
      s = initialize(convs.get(i), manager, dataType, s);
      s = initialize(norms.get(i), manager, dataType, s);
    }
    if (downsample != null) {
      downsample.initialize(manager, dataType, inputShapes);
    }
  }

  static Shape[] initialize(Block b, NDManager manager, DataType dataType, Shape[] in) {
    b.initialize(manager, dataType, in);
    return b.getOutputShapes(in);
  }
}
