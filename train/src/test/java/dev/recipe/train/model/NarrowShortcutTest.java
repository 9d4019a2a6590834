package dev.recipe.train.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recipe.core.spec.ModelSpec.Stem;
import dev.recipe.core.spec.TrainingSpec.MemoryFormat;
import dev.recipe.core.spec.TrainingSpec.Precision;
import dev.recipe.model.ResNetConfig;
import dev.recipe.train.bench.TrainBenchmark;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Channels-last training steps of basic-block ResNets whose stride-2 shortcut sees fewer than 16
 * channels (width 4 and 8 at 64 px): PyTorch 2.7.1's oneDNN crashed the JVM or hung on that
 * convolution's weight gradient until {@link ResidualBlock} ran it contiguous. A regression here
 * aborts the test JVM.
 */
class NarrowShortcutTest {
  @ParameterizedTest
  @ValueSource(ints = {4, 8})
  void trainsWithoutCrashing(int width) {
    ResNetConfig config = new ResNetConfig(18, width, Stem.SMALL, 3, 3, false);
    var r = TrainBenchmark.run(new TrainBenchmark.Options(config, 64, 8, 2, 1, 2, 1, 1L, null,
        Precision.FP32, MemoryFormat.CHANNELS_LAST, 1));
    assertTrue(r.imagesPerSecond() > 0);
  }
}
