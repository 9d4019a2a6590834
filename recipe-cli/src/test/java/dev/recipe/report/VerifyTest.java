package dev.recipe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recipe.core.io.Json;
import dev.recipe.core.run.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyTest {
  @TempDir Path tmp;

  private RunDirectory rendered(String name, String... overrides) {
    RunDirectory run = RealRun.copy(tmp.resolve(name), overrides);
    RenderStage.render(run);
    return run;
  }

  /** The recorded top-1 as verify and the recipe print it. */
  private static String top1(RunDirectory run) {
    return Targets.format("top1", Json.read(run.evalMetrics(), dev.recipe.evaluate.EvalReport.class).accuracy().get("top1"));
  }

  @Test
  void untouchedRecipeVerifies() {
    RunDirectory run = rendered("a");
    Cli cli = Cli.run("verify", run.recipeJson().toString());
    assertEquals(0, cli.exit(), cli.out() + cli.err());
    assertTrue(cli.out().contains("content SHA-256: holds"), cli.out());
    assertTrue(cli.out().lines().anyMatch(l -> l.startsWith("top1") && l.contains("≥ 5.00%")
        && l.contains(top1(run)) && l.strip().endsWith("met")), cli.out());
    assertTrue(cli.out().contains("VERIFIED"));
  }

  @Test
  void tamperedRecipeFailsVerify() throws Exception {
    RunDirectory run = rendered("a");
    String text = Files.readString(run.recipeJson());
    // someone "improves" the recorded top-1 by hand
    double top1 = Json.read(run.evalMetrics(), dev.recipe.evaluate.EvalReport.class).accuracy().get("top1");
    String edited = text.replace("\"top1\" : " + top1, "\"top1\" : 0.9912");
    assertFalse(edited.equals(text), "the edit must apply");
    Files.writeString(run.recipeJson(), edited);
    Cli cli = Cli.run("verify", run.root().toString());
    assertEquals(1, cli.exit(), cli.out());
    assertTrue(cli.out().contains("MISMATCH"), cli.out());
    assertTrue(cli.out().contains("NOT VERIFIED"));
  }

  @Test
  void layoutDoesNotMatterOnlyContent() throws Exception {
    RunDirectory run = rendered("a");
    // re-serialize compactly with a different key order: same canonical content
    ObjectNode doc = (ObjectNode) Json.json().readTree(run.recipeJson().toFile());
    Path compact = tmp.resolve("compact.json");
    Files.writeString(compact, doc.toString());
    assertEquals(0, Cli.run("verify", compact.toString()).exit());
    assertTrue(RecipeJson.sealHolds(doc));
    // the hash is over the canonical form with the field absent, as documented
    ObjectNode without = doc.deepCopy();
    without.remove(RecipeJson.HASH_FIELD);
    assertEquals(dev.recipe.core.io.Hashing.sha256(RecipeJson.canonical(without)),
        doc.get(RecipeJson.HASH_FIELD).asText());
  }

  @Test
  void missedTargetFailsVerify() throws Exception {
    RunDirectory run = rendered("hard", "evaluation.targets=[{metric: top1, min: 0.95}]");
    Cli cli = Cli.run("verify", run.root().toString());
    assertEquals(1, cli.exit(), cli.out());
    assertTrue(cli.out().contains("missed"), cli.out());
    assertTrue(cli.out().contains("content SHA-256: holds"), cli.out());
  }

  @Test
  void unreadableInputIsBadInput() throws Exception {
    assertEquals(2, Cli.run("verify", tmp.resolve("none.json").toString()).exit());
    Path bad = tmp.resolve("bad.json");
    Files.writeString(bad, "{\"spec\": ");
    assertEquals(2, Cli.run("verify", bad.toString()).exit());
    Path dup = tmp.resolve("dup.json");
    Files.writeString(dup, "{\"a\": 1, \"a\": 2}");
    assertEquals(2, Cli.run("verify", dup.toString()).exit());
  }
}
