package dev.recipe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recipe.core.RecipeException;
import dev.recipe.core.io.Json;
import dev.recipe.core.record.StageRecord;
import dev.recipe.core.run.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records come from anyone: paths stay inside the run, text cannot inject markdown or HTML. */
class SafetyTest {
  @TempDir Path tmp;

  @Test
  void imagePathsFromRecordsCannotEscapeTheRunDirectory() throws Exception {
    RunDirectory run = RealRun.copy(tmp.resolve("runs/a"));
    Path secret = tmp.resolve("secret.png");
    Files.write(secret, new byte[] {1});
    StageRecord infer = StageRecord.read(run.stageRecord("infer"));
    // a record edited to point its worked examples outside the run
    Map<String, Object> details = new java.util.TreeMap<>(infer.details());
    List<Map<String, Object>> examples = new java.util.ArrayList<>();
    for (String image : List.of("../../secret.png", secret.toString())) {
      Map<String, Object> e = new java.util.TreeMap<>(Json.json().convertValue(
          ((List<?>) infer.details().get("examples")).get(0), Map.class));
      e.put("image", image);
      examples.add(e);
    }
    details.put("examples", examples);
    Json.write(run.stageRecord("infer"), new StageRecord(infer.schemaVersion(), infer.stage(), infer.status(),
        infer.code(), infer.specSha256(), infer.params(), infer.inputs(), infer.outputs(), infer.environment(),
        infer.metrics(), details, infer.warnings(), infer.volatileInfo()));
    String md = RenderStage.render(run).markdown();
    assertTrue(md.contains("`../../secret.png` (refused: outside the run directory)"), md);
    assertTrue(md.contains("(refused: outside the run directory)"), md);
    assertFalse(md.contains("](../../secret.png)"), md);
    assertFalse(md.contains("](" + secret), md);
    assertThrows(RecipeException.class, () -> run.resolveInside("../x"));
    assertThrows(RecipeException.class, () -> run.resolveInside("/etc/passwd"));
    assertThrows(RecipeException.class, () -> run.resolveInside("figures/../../x"));
  }

  @Test
  void textFromRecordsIsEscaped() throws Exception {
    RunDirectory run = RealRun.copy(tmp.resolve("runs/a"));
    StageRecord train = StageRecord.read(run.stageRecord("train"));
    String evil = "a | b <script>alert(1)</script>\n## Inference\n```";
    Json.write(run.stageRecord("train"), new StageRecord(train.schemaVersion(), train.stage(), train.status(),
        train.code(), train.specSha256(), train.params(), train.inputs(), train.outputs(), train.environment(),
        train.metrics(), train.details(), List.of(evil), train.volatileInfo()));
    String md = RenderStage.render(run).markdown();
    assertFalse(md.contains("<script>"), md);
    assertTrue(md.contains("a \\| b &lt;script&gt;alert(1)&lt;/script&gt; \\#\\# Inference \\`\\`\\`"), md);
    assertEquals(1, md.split("\n## Inference\n", -1).length - 1, "no injected heading");
    assertTrue(RecipeLint.lint("x", md).passed());
  }

  @Test
  void markdownHelpers() {
    assertEquals("``a`b``", Markdown.code("a`b"));
    assertEquals("````\nx ``` y\n````\n", Markdown.codeBlock("", "x ``` y"));
    assertEquals("figures/a%20b%29.png", Markdown.link("figures/a b).png"));
    assertEquals("| `a\\|b` |\n| --- |\n| x\\|y |\n", Markdown.table(List.of(Markdown.code("a|b")),
        List.of(List.of(Markdown.text("x|y")))));
  }
}
