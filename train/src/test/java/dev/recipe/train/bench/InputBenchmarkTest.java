package dev.recipe.train.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recipe.core.RecipeException;
import org.junit.jupiter.api.Test;

class InputBenchmarkTest {

  @Test
  void measuresTheTransformOnGeneratedJpegs() throws Exception {
    InputBenchmark.Result r = InputBenchmark.run(new InputBenchmark.Options(null, 12, 2, 32, 0.3, 0L));
    assertEquals(12, r.files());
    assertEquals("generated", r.dir());
    assertTrue(r.images() > 0 && r.imagesPerSecond() > 0, r.toString());
    assertEquals(r.imagesPerSecond() / 2, r.imagesPerSecondPerThread(), 1e-9);
    assertTrue(r.summary().contains("with 2 thread(s)"), r.summary());
  }

  @Test
  void badOptionsAreBadInput() {
    RecipeException e = assertThrows(RecipeException.class,
        () -> new InputBenchmark.Options(null, 12, 0, 224, 1, 0L));
    assertEquals(RecipeException.BAD_INPUT, e.exitCode());
  }
}
