package dev.recipe.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recipe.core.spec.RecipeSpec;
import dev.recipe.core.spec.SpecLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped Fashion-MNIST recipes load and say what README.md and docs/train.md say they do. */
class ShippedRecipesTest {
  static RecipeSpec load(String name) {
    return SpecLoader.load(Path.of("..", "recipes", name), List.of());
  }

  @Test
  void quickstartIsAReducedWidthResNet50WithTheSmallStem() {
    RecipeSpec s = load("fashion-mnist-quickstart.yaml");
    assertEquals(50, s.model().depth());
    assertTrue(s.model().width() < 64);
    assertEquals(dev.recipe.core.spec.ModelSpec.Stem.SMALL, s.model().stem());
  }

  @Test
  void finetuneStartsFromTheQuickstartRunAndReplacesTheHead() {
    RecipeSpec s = load("fashion-mnist-finetune.yaml");
    assertNotNull(s.training().pretrained());
    assertEquals("runs/fashion-mnist-quickstart", s.training().pretrained().path());
    assertTrue(s.training().pretrained().replaceHead());
    assertEquals(3, s.data().classes().remap().values().stream().distinct().count());
    RecipeSpec q = load("fashion-mnist-quickstart.yaml");
    assertEquals(q.model(), s.model(), "the body must match the quickstart's to load its weights");
  }

  @Test
  void referenceTargets94Percent() {
    RecipeSpec s = load("fashion-mnist-reference.yaml");
    assertEquals(0.94, s.evaluation().targets().get(0).min());
  }
}
