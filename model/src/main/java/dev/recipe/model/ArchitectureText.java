package dev.recipe.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The network of a {@link ResNetConfig} in words precise enough to rebuild it in another framework
 * (layer by layer, with strides, padding, BatchNorm settings and the initialization), written into
 * the train stage's record and from there into the recipe.
 */
public final class ArchitectureText {
  private ArchitectureText() {}

  /**
   * The facts in reading order (stem, stages, block, stride, shortcut, head, convolutions, BatchNorm,
   * initialization), each as {@code {part, description}}: a list, so the order survives JSON.
   */
  /** One part of the network (stem, stages, block, shortcut, head, ...) and what it is. */
  public record Part(String part, String description) {}

  public static List<Part> of(ResNetConfig c) {
    return describe(c).entrySet().stream()
        .map(e -> new Part(e.getKey(), e.getValue()))
        .toList();
  }

  private static Map<String, String> describe(ResNetConfig c) {
    Map<String, String> m = new LinkedHashMap<>();
    int w = c.width();
    m.put("stem", c.stemMaxPool()
        ? "conv " + c.stemKernel() + "x" + c.stemKernel() + ", stride " + c.stemStride() + ", padding "
            + c.stemPadding() + ", " + w + " channels → BatchNorm → ReLU → max-pool 3x3, stride 2, padding 1"
        : "conv " + c.stemKernel() + "x" + c.stemKernel() + ", stride " + c.stemStride() + ", padding "
            + c.stemPadding() + ", " + w + " channels → BatchNorm → ReLU (no max-pool)");
    BlockKind k = c.kind();
    List<Integer> planes = List.of(w, 2 * w, 4 * w, 8 * w);
    m.put("stages", "4 stages of " + join(c.stageDepths()) + " " + (k == BlockKind.BOTTLENECK ? "bottleneck" : "basic")
        + " blocks with " + join(planes) + " planes (width " + w + " = the first stage's planes); a block"
        + " outputs planes x " + k.expansion() + " channels: " + join(planes.stream().map(p -> p * k.expansion()).toList()));
    m.put("block", k == BlockKind.BOTTLENECK
        ? "conv 1x1 → BatchNorm → ReLU → conv 3x3, padding 1 (carries the block's stride) → BatchNorm → ReLU"
            + " → conv 1x1 → BatchNorm; plus the shortcut; then ReLU (torchvision v1.5)"
        : "conv 3x3, padding 1 (carries the block's stride) → BatchNorm → ReLU → conv 3x3, padding 1 ->"
            + " BatchNorm; plus the shortcut; then ReLU");
    m.put("stride", "2 in the first block of stages 2, 3 and 4; 1 everywhere else");
    m.put("shortcut", "identity, or conv 1x1 with the block's stride → BatchNorm where the stride is 2 or"
        + " the channel count changes (the first block of every stage" + (k == BlockKind.BASIC ? " but the first" : "") + ")");
    m.put("head", "global average pooling → fully connected " + c.featureChannels() + " → "
        + c.numClasses() + " with bias");
    m.put("convolutions", "no bias");
    m.put("batchNorm", "eps 1e-5, momentum 0.1 in PyTorch's convention (running = 0.9 x"
        + " running + 0.1 x batch statistic; the running variance takes the unbiased batch variance);"
        + " training normalizes with the batch's statistics, evaluation with the running ones");
    m.put("initialization", "convolutions Kaiming normal N(0, 2 / (out_channels x kh x kw)) (fan_out,"
        + " ReLU); BatchNorm weight 1, bias 0, running mean 0, running variance 1"
        + (c.zeroInitResidual() ? ", and weight 0 for the last BatchNorm of every residual branch" : "")
        + "; fully connected weight and bias uniform(-1/sqrt(" + c.featureChannels() + "), 1/sqrt("
        + c.featureChannels() + ")); every tensor drawn from its own java.util.Random seeded from"
        + " (seed, tensor name)");
    return m;
  }

  private static String join(List<Integer> xs) {
    return xs.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }
}
