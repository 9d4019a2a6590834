package dev.recipe.core.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Set;

/**
 * The architecture: torchvision's ResNet v1.5 family. Owned by train.
 *
 * @param depth 18, 34 (basic blocks), 50, 101, 152 (bottlenecks)
 * @param width channels of the first stage (64 is standard)
 * @param stem {@code imagenet} (7x7/2 conv + 3x3/2 max pool) or {@code small} (3x3/1 conv, no pool)
 * @param inputChannels defaults to the processed dataset's channels
 * @param numClasses defaults to the processed dataset's class count
 * @param zeroInitResidual zero-init the last BatchNorm gamma of each residual block
 */
public record ModelSpec(
    String architecture,
    Integer depth,
    Integer width,
    Stem stem,
    Integer inputChannels,
    Integer numClasses,
    Boolean zeroInitResidual) {

  /** Stems. */
  public enum Stem {
    @JsonProperty("imagenet") IMAGENET,
    @JsonProperty("small") SMALL
  }

  public ModelSpec {
    architecture = architecture == null ? "resnet" : architecture;
    Check.require(architecture.equals("resnet"), "architecture must be resnet");
    depth = depth == null ? 50 : depth;
    Check.require(Set.of(18, 34, 50, 101, 152).contains(depth),
        "depth must be one of 18, 34, 50, 101, 152, got " + depth);
    width = width == null ? 64 : width;
    Check.positive(width, "width");
    stem = stem == null ? Stem.IMAGENET : stem;
    Check.require(inputChannels == null || inputChannels == 1 || inputChannels == 3,
        "inputChannels must be 1 or 3");
    if (numClasses != null) {
      Check.positive(numClasses, "numClasses");
    }
    zeroInitResidual = zeroInitResidual == null ? Boolean.FALSE : zeroInitResidual;
  }

  static ModelSpec defaults() {
    return new ModelSpec(null, null, null, null, null, null, null);
  }
}
