package dev.recipe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recipe.core.RecipeException;
import dev.recipe.data.PrepareResult;
import dev.recipe.evaluate.EvaluateResult;
import dev.recipe.infer.InferResult;
import dev.recipe.serialize.ExportResult;
import dev.recipe.train.TrainResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Recipes written by earlier versions of the stages still read as today's types. */
class RecipeDocumentTest {
  @Test
  void theCommittedExampleRecipesReadAsTheStagesTypes() {
    for (String example : new String[] {"example-quickstart", "example-reference"}) {
      RecipeDocument d = RecipeDocument.of(RecipeJson.read(Path.of("..", "docs", example, "recipe.json")));
      assertNotNull(d.spec(), example);
      assertEquals(d.dataset().fingerprint(), d.result("prepare", PrepareResult.class).orElseThrow().metrics().fingerprint());
      TrainResult train = d.result("train", TrainResult.class).orElseThrow();
      assertEquals(train.params().training().epochs(), d.dynamics().size(), example);
      assertEquals(d.evalMetrics().accuracy().get("top1"),
          d.result("evaluate", EvaluateResult.class).orElseThrow().metrics().accuracy().get("top1"), example);
      assertTrue(d.result("export", ExportResult.class).orElseThrow().metrics().parity().passed(), example);
      assertEquals(d.spec().infer().examples(), d.result("infer", InferResult.class).orElseThrow().details().examples().size());
    }
  }

  @Test
  void aRecordThatDoesNotReadAsItsTypeIsBadInputNamingIt() {
    ObjectNode doc = RecipeJson.read(Path.of("..", "docs", "example-quickstart", "recipe.json"));
    ((ObjectNode) doc.path("stages").path("train").path("metrics")).put("epochs", "two");
    RecipeDocument d = RecipeDocument.of(doc);
    RecipeException e = assertThrows(RecipeException.class, () -> d.result("train", TrainResult.class));
    assertTrue(e.getMessage().contains("the train stage record does not read as TrainResult"), e.getMessage());
  }
}
