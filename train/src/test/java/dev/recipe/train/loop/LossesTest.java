package dev.recipe.train.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** Label-smoothing cross-entropy against the PyTorch definition, computed by hand. */
class LossesTest {
  @Test
  void labelSmoothingMatchesPyTorchDefinition() {
    float[] logits = {2f, 0.5f, -1f, 0.1f, 0.2f, 3f};
    int[] labels = {0, 2};
    double eps = 0.1;
    double expected = 0;
    for (int i = 0; i < 2; i++) {
      double max = Math.max(logits[3 * i], Math.max(logits[3 * i + 1], logits[3 * i + 2]));
      double z = 0;
      for (int c = 0; c < 3; c++) {
        z += Math.exp(logits[3 * i + c] - max);
      }
      double sumNeg = 0;
      for (int c = 0; c < 3; c++) {
        sumNeg += -(logits[3 * i + c] - max - Math.log(z));
      }
      double nll = -(logits[3 * i + labels[i]] - max - Math.log(z));
      expected += (1 - eps) * nll + eps * sumNeg / 3;
    }
    expected /= 2;
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray l = Losses.crossEntropy(m.create(logits, new Shape(2, 3)), m.create(labels), eps);
      assertEquals(expected, l.getFloat(), 1e-6);
      double plain = Validation.crossEntropySum(logits, labels) / 2;
      assertEquals(plain, Losses.crossEntropy(m.create(logits, new Shape(2, 3)), m.create(labels), 0)
          .getFloat(), 1e-6);
    }
  }
}
