package dev.recipe.model;

/** The two residual block kinds of torchvision's ResNet. */
public enum BlockKind {
  /** Two 3x3 convolutions (ResNet-18/34); output channels = planes. */
  BASIC(1, 2),
  /** 1x1 reduce, 3x3 (carrying the stride, v1.5), 1x1 expand (ResNet-50/101/152); output = 4 planes. */
  BOTTLENECK(4, 3);

  private final int expansion;
  private final int convs;

  BlockKind(int expansion, int convs) {
    this.expansion = expansion;
    this.convs = convs;
  }

  /** Output channels divided by the stage's planes. */
  public int expansion() {
    return expansion;
  }

  /** Number of convolutions (and BatchNorms) on the residual branch. */
  public int convs() {
    return convs;
  }
}
