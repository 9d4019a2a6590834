package dev.recipe.model;

/**
 * The compute cost of one forward pass, counted from the layout: multiply-accumulate operations of
 * the convolutions and the fully connected head (BatchNorm, ReLU, pooling and additions are
 * negligible and left out, as torchvision's tables do; torchvision's "GFLOPS" column is this count).
 */
public final class ModelCost {
  private ModelCost() {}

  /** Multiply-accumulates of one forward pass over a {@code height x width} image. */
  public static long multiplyAdds(ResNetConfig c, int height, int width) {
    int h = ResNetConfig.convOut(height, c.stemKernel(), c.stemStride(), c.stemPadding());
    int w = ResNetConfig.convOut(width, c.stemKernel(), c.stemStride(), c.stemPadding());
    long macs = conv(h, w, c.inputChannels(), c.stemChannels(), c.stemKernel());
    if (c.stemMaxPool()) {
      h = ResNetConfig.convOut(h, 3, 2, 1);
      w = ResNetConfig.convOut(w, 3, 2, 1);
    }
    for (BlockDef b : c.blocks()) {
      int inH = h;
      int inW = w;
      for (int n = 1; n <= b.kind().convs(); n++) {
        int k = b.convKernel(n);
        int s = b.convStride(n);
        h = ResNetConfig.convOut(h, k, s, k / 2);
        w = ResNetConfig.convOut(w, k, s, k / 2);
        macs += conv(h, w, b.convIn(n), b.convOut(n), k);
      }
      if (b.hasDownsample()) {
        int dh = ResNetConfig.convOut(inH, 1, b.stride(), 0);
        int dw = ResNetConfig.convOut(inW, 1, b.stride(), 0);
        macs += conv(dh, dw, b.inChannels(), b.outChannels(), 1);
      }
    }
    return macs + (long) c.featureChannels() * c.numClasses();
  }

  private static long conv(int outH, int outW, int in, int out, int k) {
    return (long) outH * outW * in * out * k * k;
  }
}
