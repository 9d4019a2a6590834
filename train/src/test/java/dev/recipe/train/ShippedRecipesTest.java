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

  /**
   * The committed example recipe is a run of the shipped reference spec as it is now (same
   * training and model sections), and it met that spec's targets: the spec cannot drift from the
   * result it claims.
   */
  @Test
  void exampleReferenceRecipeIsARunOfTheShippedSpecAndMetItsTargets() throws Exception {
    RecipeSpec shipped = load("fashion-mnist-reference.yaml");
    com.fasterxml.jackson.databind.JsonNode recipe = dev.recipe.core.io.Json.json()
        .readTree(Path.of("..", "docs", "example-reference", "recipe.json").toFile());
    RecipeSpec ran = dev.recipe.core.io.Json.json().treeToValue(recipe.get("spec"), RecipeSpec.class);
    assertEquals(shipped.training(), ran.training());
    assertEquals(shipped.model(), ran.model());
    assertEquals(shipped.data().split(), ran.data().split());
    assertEquals(shipped.evaluation().targets(), ran.evaluation().targets());
    assertTrue(recipe.path("evalMetrics").path("targetsPassed").asBoolean(),
        "the example run met the spec's targets");
    double top1 = recipe.path("evalMetrics").path("accuracy").path("top1").asDouble();
    assertTrue(top1 >= shipped.evaluation().targets().get(0).min(), "top-1 " + top1);
  }
}
