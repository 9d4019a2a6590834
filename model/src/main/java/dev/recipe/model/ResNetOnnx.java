package dev.recipe.model;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the ONNX graph of a ResNet by walking {@link ResNetConfig#blocks()} — the same layout the
 * DJL block is built from — with weights looked up by torchvision name. BatchNorm is emitted as
 * {@code BatchNormalization} in inference form (running statistics, epsilon 1e-5 as torchvision and
 * the DJL block use), not folded into the convolutions, so the graph computes exactly what the
 * trained network computes.
 *
 * <p>Input {@code input} (batch, C, H, W) with a symbolic batch dimension; output {@code logits}
 * (batch, classes).
 */
public final class ResNetOnnx {
  /** The ONNX IR version of the models written. */
  public static final long IR_VERSION = OnnxGraph.IR_VERSION;

  /** The graph input name. */
  public static final String INPUT = "input";
  /** The graph output name. */
  public static final String OUTPUT = "logits";
  /** The symbolic batch dimension. */
  public static final String BATCH = "batch";
  /** torchvision's (and the DJL block's) BatchNorm epsilon. */
  static final float BN_EPSILON = 1e-5f;

  private final ResNetConfig config;
  private final Map<String, ParamDef> params = new HashMap<>();
  private final Function<String, float[]> weights;
  private final OnnxGraph g;

  private ResNetOnnx(ResNetConfig config, Function<String, float[]> weights) {
    this.config = config;
    this.weights = weights;
    this.g = new OnnxGraph(config.displayName());
    for (ParamDef p : config.parameters()) {
      params.put(p.name(), p);
    }
  }

  /**
   * The ONNX model of {@code config} with the given weights.
   *
   * @param weights torchvision name -> values (row-major, PyTorch layout); must cover
   *     {@link ResNetConfig#parameters()}
   * @param height input height
   * @param width input width
   * @param metadata {@code metadata_props}
   */
  public static ModelProto build(ResNetConfig config, Function<String, float[]> weights,
      int height, int width, int opset, String producerVersion, Map<String, String> metadata) {
    ResNetOnnx b = new ResNetOnnx(config, weights);
    b.g.input(INPUT, BATCH, config.inputChannels(), height, width);
    String x = b.stem(INPUT);
    for (BlockDef block : config.blocks()) {
      x = b.block(block, x);
    }
    String pooled = b.g.fresh("avgpool");
    b.g.node("GlobalAveragePool", new String[] {x}, pooled, Map.of());
    String flat = b.g.fresh("flatten");
    b.g.node("Flatten", new String[] {pooled}, flat, Map.of("axis", 1));
    b.g.node("Gemm", new String[] {flat, b.tensor("fc.weight"), b.tensor("fc.bias")}, OUTPUT,
        Map.of("transB", 1, "alpha", 1.0f, "beta", 1.0f));
    b.g.output(OUTPUT, BATCH, config.numClasses());
    return b.g.model(opset, producerVersion,
        "torchvision-layout " + config.displayName() + " exported by recipe", metadata);
  }

  private String stem(String in) {
    int k = config.stemKernel();
    String x = convBn("conv1", "bn1", in, k, config.stemStride(), config.stemPadding());
    x = relu(x);
    if (config.stemMaxPool()) {
      String out = g.fresh("maxpool");
      g.node("MaxPool", new String[] {x}, out, Map.of(
          "kernel_shape", new long[] {3, 3}, "strides", new long[] {2, 2},
          "pads", new long[] {1, 1, 1, 1}));
      x = out;
    }
    return x;
  }

  private String block(BlockDef b, String in) {
    String p = b.prefix() + ".";
    int n = b.kind().convs();
    String x = in;
    for (int c = 1; c <= n; c++) {
      int k = b.convKernel(c);
      x = convBn(p + "conv" + c, p + "bn" + c, x, k, b.convStride(c), k / 2);
      if (c < n) {
        x = relu(x);
      }
    }
    String identity = b.hasDownsample()
        ? convBn(p + "downsample.0", p + "downsample.1", in, 1, b.stride(), 0)
        : in;
    String sum = g.fresh(p + "add");
    g.node("Add", new String[] {x, identity}, sum, Map.of());
    return relu(sum);
  }

  private String convBn(String conv, String bn, String in, int kernel, int stride, int pad) {
    String c = g.fresh(conv);
    g.node("Conv", new String[] {in, tensor(conv + ".weight")}, c, Map.of(
        "kernel_shape", new long[] {kernel, kernel},
        "strides", new long[] {stride, stride},
        "pads", new long[] {pad, pad, pad, pad},
        "dilations", new long[] {1, 1},
        "group", 1));
    String out = g.fresh(bn);
    g.node("BatchNormalization", new String[] {c, tensor(bn + ".weight"), tensor(bn + ".bias"),
        tensor(bn + ".running_mean"), tensor(bn + ".running_var")}, out,
        Map.of("epsilon", BN_EPSILON));
    return out;
  }

  private String relu(String in) {
    String out = g.fresh("relu");
    g.node("Relu", new String[] {in}, out, Map.of());
    return out;
  }

  /** Adds the named tensor as an initializer (shape from the layout) and returns its name. */
  private String tensor(String name) {
    ParamDef def = params.get(name);
    if (def == null) {
      throw new IllegalStateException("layout has no tensor " + name);
    }
    float[] data = weights.apply(name);
    if (data == null) {
      throw new IllegalArgumentException("weights have no tensor " + name);
    }
    return g.initializer(name, def.shape(), data);
  }

  /** The serialized ONNX file of a model with its state dict (see {@link #build}). */
  public static byte[] toBytes(ResNetConfig config, StateDict weights, int height, int width,
      int opset, String producerVersion, Map<String, String> metadata) {
    return build(config, name -> {
      StateDict.Tensor t = weights.get(name);
      return t == null ? null : t.data();
    }, height, width, opset, producerVersion, metadata).toByteArray();
  }
}
