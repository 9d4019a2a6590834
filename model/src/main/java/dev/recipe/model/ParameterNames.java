package dev.recipe.model;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one-to-one mapping between torchvision state-dict keys and the DJL parameter paths of {@link
 * ResNetBlock} (DJL joins child names with '_' and prefixes each child with its 1-based position,
 * {@code %02d}).
 *
 * <pre>
 * torchvision                           DJL ({@code block.getParameters()} key)
 * conv1.weight                          01conv1_weight
 * bn1.weight / bias                     02bn1_gamma / 02bn1_beta
 * bn1.running_mean / running_var        02bn1_runningMean / 02bn1_runningVar
 * layer{s}.{i}.conv{n}.weight           {02+s}layer{s}_{i+1}ResidualBlock_{2n-1}conv{n}_weight
 * layer{s}.{i}.bn{n}.*                  {02+s}layer{s}_{i+1}ResidualBlock_{2n}bn{n}_{gamma|beta|runningMean|runningVar}
 * layer{s}.0.downsample.0.weight        ..._{2c+1}downsample_01Conv2d_weight   (c = convs per block: 2 basic, 3 bottleneck)
 * layer{s}.0.downsample.1.*             ..._{2c+1}downsample_02BatchNorm_{gamma|beta|runningMean|runningVar}
 * fc.weight / fc.bias                   07fc_weight / 07fc_bias
 * </pre>
 *
 * (all positions two digits, e.g. {@code 04layer2_01ResidualBlock_03conv2_weight} is {@code
 * layer2.0.conv2.weight}). The block only has to know the kind for the downsample position, hence
 * the config argument of {@link #toDjl}.
 */
public final class ParameterNames {
  private static final Map<String, String> BN_TO_DJL =
      Map.of("weight", "gamma", "bias", "beta", "running_mean", "runningMean", "running_var", "runningVar");
  private static final Map<String, String> BN_TO_TORCH =
      Map.of("gamma", "weight", "beta", "bias", "runningMean", "running_mean", "runningVar", "running_var");

  private static final Pattern T_STEM = Pattern.compile("(conv1|bn1|fc)\\.(\\w+)");
  private static final Pattern T_BLOCK = Pattern.compile("layer(\\d)\\.(\\d+)\\.(conv|bn)(\\d)\\.(\\w+)");
  private static final Pattern T_DOWN = Pattern.compile("layer(\\d)\\.(\\d+)\\.downsample\\.([01])\\.(\\w+)");
  private static final Pattern D_STEM = Pattern.compile("\\d\\d(conv1|bn1|fc)_(\\w+)");
  private static final Pattern D_BLOCK =
      Pattern.compile("\\d\\dlayer(\\d)_(\\d\\d)ResidualBlock_\\d\\d(conv|bn)(\\d)_(\\w+)");
  private static final Pattern D_DOWN =
      Pattern.compile("\\d\\dlayer(\\d)_(\\d\\d)ResidualBlock_\\d\\ddownsample_0([12])(?:Conv2d|BatchNorm)_(\\w+)");

  private ParameterNames() {}

  /** DJL parameter path of a torchvision key of this configuration. */
  public static String toDjl(ResNetConfig config, String torchName) {
    String out = null;
    Matcher m;
    if ((m = T_STEM.matcher(torchName)).matches()) {
      int pos = switch (m.group(1)) {
        case "conv1" -> 1;
        case "bn1" -> 2;
        default -> 7;
      };
      out = String.format(Locale.ROOT, "%02d%s_%s", pos, m.group(1), leaf(m.group(1).startsWith("bn"), m.group(2)));
    } else if ((m = T_BLOCK.matcher(torchName)).matches()) {
      int n = Integer.parseInt(m.group(4));
      boolean bn = m.group(3).equals("bn");
      out = String.format(Locale.ROOT, "%s_%02d%s%d_%s",
          blockPath(m.group(1), m.group(2)), bn ? 2 * n : 2 * n - 1, m.group(3), n, leaf(bn, m.group(5)));
    } else if ((m = T_DOWN.matcher(torchName)).matches()) {
      boolean bn = m.group(3).equals("1");
      out = String.format(Locale.ROOT, "%s_%02ddownsample_%s_%s",
          blockPath(m.group(1), m.group(2)), 2 * config.kind().convs() + 1,
          bn ? "02BatchNorm" : "01Conv2d", leaf(bn, m.group(4)));
    }
    if (out == null || out.contains("null")) {
      throw new IllegalArgumentException("not a ResNet state-dict key: " + torchName);
    }
    return out;
  }

  /** torchvision key of a DJL parameter path of a {@link ResNetBlock}. */
  public static String toTorch(String djlName) {
    Matcher m;
    String out = null;
    if ((m = D_STEM.matcher(djlName)).matches()) {
      out = m.group(1) + "." + torchLeaf(!m.group(1).equals("conv1") && !m.group(1).equals("fc"), m.group(2));
    } else if ((m = D_BLOCK.matcher(djlName)).matches()) {
      out = "layer" + m.group(1) + "." + (Integer.parseInt(m.group(2)) - 1) + "." + m.group(3)
          + m.group(4) + "." + torchLeaf(m.group(3).equals("bn"), m.group(5));
    } else if ((m = D_DOWN.matcher(djlName)).matches()) {
      int sub = Integer.parseInt(m.group(3)) - 1;
      out = "layer" + m.group(1) + "." + (Integer.parseInt(m.group(2)) - 1) + ".downsample." + sub
          + "." + torchLeaf(sub == 1, m.group(4));
    }
    if (out == null || out.contains("null")) {
      throw new IllegalArgumentException("not a ResNetBlock parameter path: " + djlName);
    }
    return out;
  }

  /** Every torchvision key of the configuration with its DJL path, in state-dict order. */
  public static Map<String, String> torchToDjl(ResNetConfig config) {
    Map<String, String> out = new LinkedHashMap<>();
    for (ParamDef p : config.parameters()) {
      out.put(p.name(), toDjl(config, p.name()));
    }
    return out;
  }

  private static String blockPath(String stage, String index) {
    int s = Integer.parseInt(stage);
    return String.format(Locale.ROOT, "%02dlayer%d_%02dResidualBlock", 2 + s, s, Integer.parseInt(index) + 1);
  }

  private static String leaf(boolean norm, String torchLeaf) {
    if (norm) {
      return BN_TO_DJL.get(torchLeaf);
    }
    return torchLeaf.equals("weight") || torchLeaf.equals("bias") ? torchLeaf : null;
  }

  private static String torchLeaf(boolean norm, String djlLeaf) {
    if (norm) {
      return BN_TO_TORCH.get(djlLeaf);
    }
    return djlLeaf.equals("weight") || djlLeaf.equals("bias") ? djlLeaf : null;
  }
}
