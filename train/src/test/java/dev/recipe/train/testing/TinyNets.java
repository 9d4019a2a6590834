package dev.recipe.train.testing;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import dev.recipe.data.RasterImage;
import dev.recipe.data.Sample;
import dev.recipe.train.data.LabeledImages;
import java.util.ArrayList;
import java.util.List;
import dev.recipe.core.random.SplitMix;

/** Stand-in models and generated data for fast tests of the training machinery. */
public final class TinyNets {
  private TinyNets() {}

  /** conv3x3(4) [BN] ReLU, global average pool, linear(classes); initialized from {@code seed}. */
  public static Model model(int channels, int classes, boolean batchNorm, long seed) {
    Engine.getInstance().setRandomSeed((int) seed);
    SequentialBlock b = new SequentialBlock()
        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
            .setFilters(4).build());
    if (batchNorm) {
      b.add(BatchNorm.builder().build());
    }
    b.add(Activation.reluBlock())
        .add(Pool.globalAvgPool2dBlock())
        .add(Blocks.batchFlattenBlock())
        .add(Linear.builder().setUnits(classes).build());
    Model m = Model.newInstance("tiny");
    m.setBlock(b);
    b.initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1, channels, 8, 8));
    return m;
  }

  public static Block block(Model m) {
    return m.getBlock();
  }

  /**
   * {@code n} images of {@code size x size} whose label is learnable: class c has a bright square
   * in a class-specific place, plus noise, all drawn from {@code seed}.
   */
  public static List<Sample> samples(int n, int size, int channels, int classes, long seed) {
    SplitMix r = new SplitMix(seed);
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int label = i % classes;
      byte[] px = new byte[size * size * channels];
      for (int k = 0; k < px.length; k++) {
        px[k] = (byte) r.nextInt(64);
      }
      int x0 = (label * 3) % (size - 2);
      int y0 = (label * 5) % (size - 2);
      for (int y = y0; y < y0 + 3; y++) {
        for (int x = x0; x < x0 + 3; x++) {
          for (int c = 0; c < channels; c++) {
            px[(y * size + x) * channels + c] = (byte) 220;
          }
        }
      }
      out.add(new Sample(String.format("%06d", i), label, new RasterImage(size, size, channels, px)));
    }
    return out;
  }

  public static LabeledImages data(int n, int size, int channels, int classes, long seed) {
    return LabeledImages.of(samples(n, size, channels, classes, seed));
  }
}
