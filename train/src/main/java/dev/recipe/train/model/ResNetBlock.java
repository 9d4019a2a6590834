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
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.recipe.model.BlockDef;
import dev.recipe.model.ResNetConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole network as a DJL block tree built from {@link ResNetConfig#blocks()}: children conv1,
 * bn1, layer1..layer4 (each a {@link SequentialBlock} of {@link ResidualBlock}s), fc. ReLU, max pool
 * and global average pool are plain operations inside {@link #forwardInternal}, not LambdaBlocks,
 * so every child block is a real layer with parameters. Input NCHW float32, output logits (N,
 * classes).
 */
public final class ResNetBlock extends AbstractBlock {
  private static final byte VERSION = 1;
  private static final Shape POOL_KERNEL = new Shape(3, 3);
  private static final Shape POOL_STRIDE = new Shape(2, 2);
  private static final Shape POOL_PAD = new Shape(1, 1);

  private final ResNetConfig config;
  private final Conv2d conv1;
  private final BatchNorm bn1;
  private final List<SequentialBlock> layers = new ArrayList<>();
  private final Linear fc;

  /** Builds the (uninitialized) block tree of a configuration. */
  public ResNetBlock(ResNetConfig config) {
    super(VERSION);
    this.config = config;
    conv1 =
        addChildBlock(
            "conv1",
            Layers.conv(config.stemChannels(), config.stemKernel(), config.stemStride(), config.stemPadding()));
    bn1 = addChildBlock("bn1", Layers.norm());
    List<BlockDef> blocks = config.blocks();
    for (int s = 1; s <= config.stageDepths().size(); s++) {
      SequentialBlock layer = new SequentialBlock();
      for (BlockDef b : blocks) {
        if (b.stage() == s) {
          layer.add(new ResidualBlock(b));
        }
      }
      layers.add(addChildBlock("layer" + s, layer));
    }
    fc = addChildBlock("fc", Linear.builder().setUnits(config.numClasses()).optBias(true).build());
  }

  public ResNetConfig config() {
    return config;
  }

  /** Stem, stages, pooling, classifier; intermediates are freed once consumed (see {@link ResidualBlock}). */
  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray c = Layers.conv(ps, conv1, inputs.singletonOrThrow(), training);
    NDArray b = Layers.batchNorm(ps, bn1, c, training);
    c.close();
    NDArray a = Activation.relu(b);
    b.close();
    if (config.stemMaxPool()) {
      NDArray pooled = Pool.maxPool2d(a, POOL_KERNEL, POOL_STRIDE, POOL_PAD, false);
      a.close();
      a = pooled;
    }
    for (SequentialBlock layer : layers) {
      for (Block block : layer.getChildren().values()) {
        NDArray next = block.forward(ps, new NDList(a), training, params).singletonOrThrow();
        a.close();
        a = next;
      }
    }
    NDArray pooled = Pool.globalAvgPool2d(a);
    a.close();
    NDList out = fc.forward(ps, new NDList(pooled), training, params);
    pooled.close();
    return out;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), config.numClasses())};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape[] s = ResidualBlock.initialize(conv1, manager, dataType, inputShapes);
    s = ResidualBlock.initialize(bn1, manager, dataType, s);
    if (config.stemMaxPool()) {
      Shape t = s[0];
      s = new Shape[] {new Shape(t.get(0), t.get(1), pooled(t.get(2)), pooled(t.get(3)))};
    }
    for (SequentialBlock layer : layers) {
      s = ResidualBlock.initialize(layer, manager, dataType, s);
    }
    fc.initialize(manager, dataType, new Shape(s[0].get(0), s[0].get(1)));
  }

  private static long pooled(long size) {
    return ResNetConfig.convOut((int) size, 3, 2, 1);
  }
}
