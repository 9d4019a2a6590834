package dev.recipe.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recipe.core.RecipeException;
import dev.recipe.core.io.Json;
import dev.recipe.core.record.DynamicsLine;
import dev.recipe.core.record.StageRecord;
import dev.recipe.core.record.StageResult;
import dev.recipe.core.spec.RecipeSpec;
import dev.recipe.core.spec.SpecLoader;
import dev.recipe.data.Manifest;
import dev.recipe.evaluate.EvalReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code recipe.json} read back as the types it was built from ({@link RecipeJson} writes it from
 * a run's files): the spec, each stage record, the manifest, the epoch lines and the evaluation
 * report. A part that does not read as its type is bad input naming the part; a part that is
 * absent (a stage that did not run) is null or empty.
 *
 * @param spec the resolved spec as recorded (no override applied)
 * @param dynamics the epoch lines
 */
public record RecipeDocument(String name, JsonNode specTree, RecipeSpec spec,
    Map<String, StageRecord> stages, Manifest dataset, List<DynamicsLine> dynamics,
    EvalReport evalMetrics) {

  /** Reads the typed parts of a parsed recipe.json. */
  public static RecipeDocument of(JsonNode doc) {
    JsonNode specTree = doc.path("spec");
    RecipeSpec spec = specTree.isObject()
        ? part("spec", () -> SpecLoader.parse(Json.toJson(specTree), "recipe.json spec", List.of())) : null;
    Map<String, StageRecord> stages = new LinkedHashMap<>();
    doc.path("stages").fields().forEachRemaining(e -> stages.put(e.getKey(),
        part("stages." + e.getKey(), () -> Json.json().convertValue(e.getValue(), StageRecord.class))));
    List<DynamicsLine> dynamics = new ArrayList<>();
    doc.path("dynamics").forEach(n -> dynamics.add(part("dynamics", () -> Json.json().convertValue(n, DynamicsLine.class))));
    JsonNode dataset = doc.path("dataset");
    JsonNode eval = doc.path("evalMetrics");
    return new RecipeDocument(doc.path("name").asText(null), specTree, spec, stages,
        dataset.isObject() ? part("dataset", () -> Json.json().convertValue(dataset, Manifest.class)) : null,
        List.copyOf(dynamics),
        eval.isObject() ? part("evalMetrics", () -> Json.json().convertValue(eval, EvalReport.class)) : null);
  }

  /** A stage's record, if the recipe has one. */
  public Optional<StageRecord> stage(String name) {
    return Optional.ofNullable(stages.get(name));
  }

  /** A stage's typed result, if the recipe has its record. */
  public <R extends StageResult> Optional<R> result(String stage, Class<R> type) {
    return stage(stage).map(r -> r.result(type));
  }

  private static <T> T part(String name, java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (IllegalArgumentException e) {
      throw RecipeException.badInput("recipe.json: " + name + " does not read as recorded: "
          + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
  }
}
