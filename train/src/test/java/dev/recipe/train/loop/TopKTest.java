package dev.recipe.train.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The score rules that validation during training and the evaluate stage share. */
class TopKTest {
  @Test
  void tiesGoToTheLowerIndexAndANanTrueLogitIsWrongAtEveryK() {
    float[] logits = {
      1, 3, 3, 0,          // label 2: class 1 ties and has the lower index -> rank 1
      Float.NaN, 0, 0, 0,  // label 0 is NaN -> ranks last, wrong at every k
      0, 0, 5, 1,          // label 2 is the maximum -> rank 0
    };
    int[] labels = {2, 0, 2};
    assertEquals(1, TopK.rankOf(logits, 0, 4, 2));
    assertEquals(4, TopK.rankOf(logits, 4, 4, 0));
    assertEquals(1, TopK.correctTopK(logits, labels, 0, 3, 1));
    assertEquals(2, TopK.correctTopK(logits, labels, 0, 3, 2));
    assertEquals(2, TopK.correctTopK(logits, labels, 0, 3, 4), "the NaN sample stays wrong even at k = classes");
    assertEquals(1, TopK.argmax(logits, 0, 4));
    assertEquals(1, TopK.argmax(logits, 4, 4), "NaN never wins");
    assertEquals(Math.log(Math.exp(1) + 2 * Math.exp(3) + 1) - 3, TopK.crossEntropy(logits, 0, 4, 2), 1e-12);
  }
}
