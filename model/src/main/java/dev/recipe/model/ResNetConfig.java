package dev.recipe.model;

import dev.recipe.core.RecipeException;
import dev.recipe.core.spec.ModelSpec.Stem;
import dev.recipe.core.spec.ModelSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A ResNet v1.5 exactly as torchvision builds it ({@code torchvision.models.resnet}), with the
 * width, stem and input channels as options.
 *
 * <p>The layout ({@link #blocks()}) and the tensor list ({@link #parameters()}) are derived here and
 * nowhere else: the DJL block ({@link ResNetBlock}), the state dict, initialization and the ONNX
 * exporter all walk them. Both are pure functions of the six components (cheap: at most 50 blocks).
 *
 * @param depth 18, 34 (basic blocks) or 50, 101, 152 (bottlenecks)
 * @param width channels of the first stage; stages have width, 2w, 4w, 8w planes (64 = torchvision)
 * @param stem imagenet (7x7/2 conv + BN + ReLU + 3x3/2 max pool) or small (3x3/1 conv + BN + ReLU)
 * @param inputChannels image channels (1 gray, 3 RGB)
 * @param numClasses classifier outputs
 * @param zeroInitResidual zero-init the last BatchNorm weight of each residual branch
 */
public record ResNetConfig(
    int depth, int width, Stem stem, int inputChannels, int numClasses, boolean zeroInitResidual) {

  /** Blocks per stage for each supported depth (torchvision's table). */
  private static final Map<Integer, List<Integer>> STAGE_DEPTHS =
      Map.of(
          18, List.of(2, 2, 2, 2),
          34, List.of(3, 4, 6, 3),
          50, List.of(3, 4, 6, 3),
          101, List.of(3, 4, 23, 3),
          152, List.of(3, 8, 36, 3));

  public ResNetConfig {
    if (!STAGE_DEPTHS.containsKey(depth)) {
      throw RecipeException.badInput("model.depth must be one of 18, 34, 50, 101, 152, got " + depth);
    }
    if (width <= 0) {
      throw RecipeException.badInput("model.width must be > 0, got " + width);
    }
    if (stem == null) {
      throw RecipeException.badInput("model.stem must be imagenet or small");
    }
    if (inputChannels <= 0) {
      throw RecipeException.badInput("model.inputChannels must be > 0, got " + inputChannels);
    }
    if (numClasses <= 0) {
      throw RecipeException.badInput("model.numClasses must be > 0, got " + numClasses);
    }
  }

  /**
   * The configuration of a spec's model section; channels and classes default to the dataset's.
   *
   * @param spec the model section
   * @param datasetChannels channels of the processed dataset
   * @param datasetClasses class count of the processed dataset
   */
  public static ResNetConfig of(ModelSpec spec, int datasetChannels, int datasetClasses) {
    int channels = spec.inputChannels() != null ? spec.inputChannels() : datasetChannels;
    int classes = spec.numClasses() != null ? spec.numClasses() : datasetClasses;
    return new ResNetConfig(
        spec.depth(), spec.width(), spec.stem(), channels, classes, spec.zeroInitResidual());
  }

  /** torchvision's resnet{depth}(num_classes) at standard width with the imagenet stem, RGB. */
  public static ResNetConfig torchvision(int depth, int numClasses) {
    return new ResNetConfig(depth, 64, Stem.IMAGENET, 3, numClasses, false);
  }

  /** The same architecture with another head size. */
  public ResNetConfig withNumClasses(int classes) {
    return new ResNetConfig(depth, width, stem, inputChannels, classes, zeroInitResidual);
  }

  /** Basic blocks for depth 18/34, bottlenecks above. */
  public BlockKind kind() {
    return depth < 50 ? BlockKind.BASIC : BlockKind.BOTTLENECK;
  }

  /** Blocks in each of the four stages. */
  public List<Integer> stageDepths() {
    return STAGE_DEPTHS.get(depth);
  }

  /** Output channels of the stem convolution (torchvision's initial {@code inplanes}). */
  public int stemChannels() {
    return width;
  }

  /** Channels entering the classifier (after global average pooling). */
  public int featureChannels() {
    return 8 * width * kind().expansion();
  }

  /** Stem convolution kernel size (7 imagenet, 3 small). */
  public int stemKernel() {
    return stem == Stem.IMAGENET ? 7 : 3;
  }

  /** Stem convolution stride (2 imagenet, 1 small). */
  public int stemStride() {
    return stem == Stem.IMAGENET ? 2 : 1;
  }

  /** Stem convolution padding (3 imagenet, 1 small). */
  public int stemPadding() {
    return stem == Stem.IMAGENET ? 3 : 1;
  }

  /** Whether the stem ends with the 3x3 stride-2 pad-1 max pool. */
  public boolean stemMaxPool() {
    return stem == Stem.IMAGENET;
  }

  /**
   * The residual blocks in forward order, as torchvision's {@code _make_layer} builds them: stage s
   * (0-based) has {@code width * 2^s} planes, the first block of stages 2-4 has stride 2, and a block
   * gets a downsample shortcut when its stride is not 1 or its channels change.
   */
  public List<BlockDef> blocks() {
    List<BlockDef> out = new ArrayList<>();
    BlockKind kind = kind();
    int in = stemChannels();
    List<Integer> depths = stageDepths();
    for (int s = 0; s < depths.size(); s++) {
      int planes = width << s;
      int outCh = planes * kind.expansion();
      for (int i = 0; i < depths.get(s); i++) {
        int stride = (i == 0 && s > 0) ? 2 : 1;
        boolean down = i == 0 && (stride != 1 || in != outCh);
        out.add(new BlockDef(s + 1, i, kind, in, planes, outCh, stride, down));
        in = outCh;
      }
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Every tensor of the state dict in torchvision's {@code state_dict()} order (without {@code
   * num_batches_tracked}): conv1, bn1, the blocks (conv1, bn1, conv2, bn2[, conv3, bn3][,
   * downsample.0, downsample.1]), fc.
   */
  public List<ParamDef> parameters() {
    List<ParamDef> out = new ArrayList<>();
    int k = stemKernel();
    out.add(conv("conv1", stemChannels(), inputChannels, k));
    addNorm(out, "bn1", stemChannels(), false);
    for (BlockDef b : blocks()) {
      String p = b.prefix() + ".";
      int n = b.kind().convs();
      for (int c = 1; c <= n; c++) {
        int kk = b.convKernel(c);
        out.add(conv(p + "conv" + c, b.convOut(c), b.convIn(c), kk));
        addNorm(out, p + "bn" + c, b.convOut(c), c == n);
      }
      if (b.hasDownsample()) {
        out.add(conv(p + "downsample.0", b.outChannels(), b.inChannels(), 1));
        addNorm(out, p + "downsample.1", b.outChannels(), false);
      }
    }
    out.add(new ParamDef("fc.weight", new long[] {numClasses, featureChannels()}, ParamDef.Role.FC_WEIGHT, false));
    out.add(new ParamDef("fc.bias", new long[] {numClasses}, ParamDef.Role.FC_BIAS, false));
    return Collections.unmodifiableList(out);
  }

  /** Number of trainable parameters (BatchNorm running statistics excluded). */
  public long parameterCount() {
    return parameters().stream().filter(ParamDef::trainable).mapToLong(ParamDef::size).sum();
  }

  /** Spatial size of the final feature map for a square input of {@code size} pixels. */
  public int featureMapSize(int size) {
    int s = convOut(size, stemKernel(), stemStride(), stemPadding());
    if (stemMaxPool()) {
      s = convOut(s, 3, 2, 1);
    }
    for (int stage = 2; stage <= 4; stage++) {
      s = convOut(s, 3, 2, 1);
    }
    return s;
  }

  /** Short human name, e.g. {@code resnet50-w16-small-1ch-10cls}. */
  public String displayName() {
    return "resnet" + depth + "-w" + width + "-" + stem.name().toLowerCase(java.util.Locale.ROOT)
        + "-" + inputChannels + "ch-" + numClasses + "cls";
  }

  public static int convOut(int size, int kernel, int stride, int pad) {
    return (size + 2 * pad - kernel) / stride + 1;
  }

  private static ParamDef conv(String name, int out, int in, int k) {
    return new ParamDef(name + ".weight", new long[] {out, in, k, k}, ParamDef.Role.CONV_WEIGHT, false);
  }

  private static void addNorm(List<ParamDef> out, String name, int channels, boolean last) {
    long[] s = {channels};
    out.add(new ParamDef(name + ".weight", s, ParamDef.Role.BN_WEIGHT, last));
    out.add(new ParamDef(name + ".bias", s, ParamDef.Role.BN_BIAS, false));
    out.add(new ParamDef(name + ".running_mean", s, ParamDef.Role.BN_RUNNING_MEAN, false));
    out.add(new ParamDef(name + ".running_var", s, ParamDef.Role.BN_RUNNING_VAR, false));
  }
}
