package dev.recipe.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recipe.core.RecipeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecLoaderTest {
  static final String MINIMAL = """
      name: tiny
      data:
        dataset: toy
        format: image-folder
        imageFolder: {root: /tmp/toy}
      """;

  @TempDir Path dir;

  private RecipeException loadError(String text, String... overrides) throws Exception {
    Path f = dir.resolve("spec.yaml");
    Files.writeString(f, text);
    return assertThrows(RecipeException.class, () -> SpecLoader.load(f, List.of(overrides)));
  }

  @Test
  void defaultsAreFilledAndWrittenBack() throws Exception {
    Path f = dir.resolve("spec.yaml");
    Files.writeString(f, MINIMAL);
    RecipeSpec spec = SpecLoader.load(f);
    assertEquals(42L, spec.seed());
    assertEquals(50, spec.model().depth());
    assertEquals(0.9, spec.training().optimizer().momentum());
    Path resolved = dir.resolve("spec.resolved.yaml");
    SpecLoader.writeResolved(spec, resolved);
    String yaml = Files.readString(resolved);
    assertTrue(yaml.contains("momentum: 0.9"), yaml);
    // The resolved spec loads back to the same value: defaults are a fixed point.
    assertEquals(spec, SpecLoader.load(resolved));
  }

  @Test
  void unknownKeyNamesTheKeyPathAndTheFile() throws Exception {
    RecipeException e = loadError(MINIMAL + "training:\n  optimiser: {lr: 0.1}\n");
    assertEquals(RecipeException.BAD_INPUT, e.exitCode());
    assertTrue(e.getMessage().contains("spec.yaml"), e.getMessage());
    assertTrue(e.getMessage().contains("unknown key 'training.optimiser'"), e.getMessage());
  }

  @Test
  void wrongTypeNamesTheKeyPath() throws Exception {
    RecipeException e = loadError(MINIMAL + "training:\n  optimizer: {lr: fast}\n");
    assertEquals(RecipeException.BAD_INPUT, e.exitCode());
    assertTrue(e.getMessage().contains("training.optimizer.lr"), e.getMessage());
    assertTrue(e.getMessage().contains("expected a number"), e.getMessage());
  }

  @Test
  void fractionalEpochsAreRefused() throws Exception {
    RecipeException e = loadError(MINIMAL + "training: {epochs: 1.5}\n");
    assertTrue(e.getMessage().contains("training.epochs"), e.getMessage());
  }

  @Test
  void invalidValueIsExplained() throws Exception {
    RecipeException e = loadError(MINIMAL + "model: {depth: 49}\n");
    assertTrue(e.getMessage().contains("depth must be one of"), e.getMessage());
    RecipeException stem = loadError(MINIMAL + "model: {stem: big}\n");
    assertTrue(stem.getMessage().contains("model.stem"), stem.getMessage());
    assertTrue(stem.getMessage().contains("small"), stem.getMessage());
  }

  @Test
  void overridesApplyAndAreValidated() throws Exception {
    Path f = dir.resolve("spec.yaml");
    Files.writeString(f, MINIMAL);
    RecipeSpec spec = SpecLoader.load(f, List.of("training.epochs=3", "model.width=8"));
    assertEquals(3, spec.training().epochs());
    assertEquals(8, spec.model().width());
    RecipeException e = loadError(MINIMAL, "training.epocs=3");
    assertTrue(e.getMessage().contains("training.epocs"), e.getMessage());
  }

  @Test
  void missingFileAndNonMappingAreBadInput() throws Exception {
    RecipeException missing = assertThrows(RecipeException.class,
        () -> SpecLoader.load(dir.resolve("nope.yaml")));
    assertEquals(RecipeException.BAD_INPUT, missing.exitCode());
    assertTrue(missing.getMessage().contains("nope.yaml"));
    RecipeException list = loadError("- a\n- b\n");
    assertTrue(list.getMessage().contains("mapping"), list.getMessage());
  }

  @Test
  void shippedSpecsLoad() throws Exception {
    Path recipes = Path.of("..", "recipes");
    try (var files = Files.list(recipes)) {
      for (Path p : files.filter(x -> x.toString().endsWith(".yaml")).toList()) {
        RecipeSpec spec = SpecLoader.load(p);
        assertEquals(p.getFileName().toString().replace(".yaml", ""), spec.name(), p.toString());
      }
    }
  }
}
