package dev.recipe.model;

/**
 * One residual block of the layout.
 *
 * @param stage stage number 1..4 (torchvision's {@code layer1..layer4})
 * @param index block index within the stage, from 0
 * @param kind basic or bottleneck
 * @param inChannels channels entering the block
 * @param midChannels channels of the inner convolutions (torchvision's {@code planes} at groups 1,
 *     base width 64)
 * @param outChannels channels leaving the block ({@code midChannels * expansion})
 * @param stride stride of the block (on the 3x3 convolution, and on the downsample)
 * @param hasDownsample whether the shortcut is a 1x1 conv + BatchNorm (shape changes)
 */
public record BlockDef(
    int stage,
    int index,
    BlockKind kind,
    int inChannels,
    int midChannels,
    int outChannels,
    int stride,
    boolean hasDownsample) {

  /** The torchvision name prefix, e.g. {@code layer2.0}. */
  public String prefix() {
    return "layer" + stage + "." + index;
  }

  /** Input channels of residual-branch convolution {@code n} (1-based). */
  public int convIn(int n) {
    return n == 1 ? inChannels : midChannels;
  }

  /** Output channels of residual-branch convolution {@code n} (1-based). */
  public int convOut(int n) {
    return n == kind.convs() ? outChannels : midChannels;
  }

  /** Kernel size of residual-branch convolution {@code n}: 3 everywhere in basic blocks, 1-3-1 in bottlenecks. */
  public int convKernel(int n) {
    return kind == BlockKind.BASIC || n == 2 ? 3 : 1;
  }

  /** Stride of residual-branch convolution {@code n}: basic blocks stride conv1, bottlenecks conv2 (v1.5). */
  public int convStride(int n) {
    return (kind == BlockKind.BASIC ? n == 1 : n == 2) ? stride : 1;
  }
}
