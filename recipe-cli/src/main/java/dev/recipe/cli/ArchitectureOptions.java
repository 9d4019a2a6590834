package dev.recipe.cli;

import dev.recipe.core.spec.ModelSpec.Stem;
import dev.recipe.model.ResNetConfig;
import picocli.CommandLine.Option;

/** The architecture options of the benchmarks: a ResNet given on the command line instead of a spec. */
public final class ArchitectureOptions {
  @Option(names = "--depth", defaultValue = "50", description = "18, 34, 50, 101, 152 (default ${DEFAULT-VALUE}).")
  int depth;

  @Option(names = "--width", defaultValue = "64", description = "First-stage width (default ${DEFAULT-VALUE}).")
  int width;

  @Option(names = "--stem", defaultValue = "IMAGENET",
      description = "imagenet or small (default imagenet; case-insensitive).")
  Stem stem;

  @Option(names = "--channels", defaultValue = "3", description = "Input channels (default ${DEFAULT-VALUE}).")
  int channels;

  @Option(names = "--classes", defaultValue = "1000", description = "Classes (default ${DEFAULT-VALUE}).")
  int classes;

  @Option(names = "--image-size", defaultValue = "224", description = "Square input size (default ${DEFAULT-VALUE}).")
  int imageSize;

  /** The configuration these options describe (validated by {@link ResNetConfig}). */
  public ResNetConfig config() {
    return new ResNetConfig(depth, width, stem, channels, classes, false);
  }

  public int imageSize() {
    return imageSize;
  }
}
