package dev.recipe.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * torchvision's initialization, drawn from {@link java.util.Random} (whose algorithm the Java
 * specification fixes), seeded per tensor from (seed, name): the same seed gives the same weights on
 * every machine, independent of the engine's RNG and of the order tensors are visited.
 *
 * <ul>
 *   <li>convolutions: Kaiming normal, fan_out, ReLU gain: N(0, 2 / (out * kh * kw))
 *   <li>BatchNorm: weight 1 (0 for the last BN of a residual branch with zeroInitResidual), bias 0,
 *       running mean 0, running var 1
 *   <li>fc: PyTorch's Linear default, weight and bias uniform(-1/sqrt(in), 1/sqrt(in))
 * </ul>
 */
public final class ResNetInit {
  private ResNetInit() {}

  /** The initial weights of a configuration for a seed. */
  public static StateDict initialStateDict(ResNetConfig config, long seed) {
    Map<String, StateDict.Tensor> out = new LinkedHashMap<>();
    int fcIn = config.featureChannels();
    for (ParamDef p : config.parameters()) {
      long[] shape = p.shape();
      float[] data = new float[Math.toIntExact(p.size())];
      switch (p.role()) {
        case CONV_WEIGHT -> {
          Random r = rng(seed, p.name());
          double std = Math.sqrt(2.0 / (shape[0] * shape[2] * shape[3]));
          for (int i = 0; i < data.length; i++) {
            data[i] = (float) (r.nextGaussian() * std);
          }
        }
        case BN_WEIGHT -> java.util.Arrays.fill(data, p.residualGamma() && config.zeroInitResidual() ? 0f : 1f);
        case BN_RUNNING_VAR -> java.util.Arrays.fill(data, 1f);
        case BN_BIAS, BN_RUNNING_MEAN -> { } // zeros
        case FC_WEIGHT, FC_BIAS -> {
          Random r = rng(seed, p.name());
          double bound = 1.0 / Math.sqrt(fcIn);
          for (int i = 0; i < data.length; i++) {
            data[i] = (float) ((2 * r.nextDouble() - 1) * bound);
          }
        }
        default -> throw new IllegalStateException("no initialization for " + p.role());
      }
      out.put(p.name(), new StateDict.Tensor(shape, data));
    }
    return new StateDict(out);
  }

  /** A generator for one tensor: SplitMix64 finalizer over the seed and the name's characters. */
  static Random rng(long seed, String name) {
    long h = seed;
    for (int i = 0; i < name.length(); i++) {
      h = h * 1_000_003L + name.charAt(i);
    }
    h ^= h >>> 30;
    h *= 0xbf58476d1ce4e5b9L;
    h ^= h >>> 27;
    h *= 0x94d049bb133111ebL;
    h ^= h >>> 31;
    return new Random(h);
  }
}
