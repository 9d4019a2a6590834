package dev.recipe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.recipe.core.io.Json;
import org.junit.jupiter.api.Test;

/** The recipe describes only the preprocessing steps that happen, and names sources portably. */
class PreprocessingTextTest {
  @Test
  void namesResizeCropAndInterpolationOnlyWhenTheyHappen() throws Exception {
    assertEquals("resize the shorter side to 256 (bilinear); center crop 224 x 224; scale to [0, 1], then"
            + " normalize with mean 0.485, 0.456, 0.406 and std 0.229, 0.224, 0.225 per channel; 3 channel(s)",
        TrainingSection.preprocessingText(Json.json().readTree("""
            {"resize": 256, "crop": 224, "interpolation": "BILINEAR", "mean": [0.485, 0.456, 0.406],
             "std": [0.229, 0.224, 0.225], "channels": 3}""")));
    assertEquals("no resize or crop (images are used at their stored size); scale to [0, 1], then normalize"
            + " with mean 0.2859 and std 0.3529 per channel; 1 channel(s)",
        TrainingSection.preprocessingText(Json.json().readTree("""
            {"interpolation": "BILINEAR", "mean": [0.2859], "std": [0.3529], "channels": 1}""")));
  }

  @Test
  void aLocalSourceIsNamedWithoutThisMachinesPath() {
    assertEquals("local folder of the spec's sources: train-images-idx3-ubyte.gz",
        RecipeWriter.portableSource("local:/home/someone/data/fashion/train-images-idx3-ubyte.gz"));
    assertEquals("debian:dataset-fashion-mnist_0.1_all.deb:/usr/share/x.gz",
        RecipeWriter.portableSource("debian:dataset-fashion-mnist_0.1_all.deb:/usr/share/x.gz"));
  }
}
