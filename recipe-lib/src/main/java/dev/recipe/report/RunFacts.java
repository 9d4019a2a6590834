package dev.recipe.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.recipe.core.RecipeException;
import dev.recipe.core.io.Json;
import dev.recipe.core.record.DynamicsLine;
import dev.recipe.core.record.StageRecord;
import dev.recipe.core.record.StageResult;
import dev.recipe.core.run.RunDirectory;
import dev.recipe.core.spec.RecipeSpec;
import dev.recipe.core.spec.SpecLoader;
import dev.recipe.data.Manifest;
import dev.recipe.data.PrepareResult;
import dev.recipe.evaluate.EvalReport;
import dev.recipe.evaluate.EvaluateResult;
import dev.recipe.infer.InferResult;
import dev.recipe.serialize.ExportResult;
import dev.recipe.train.TrainResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything a run directory recorded, read as the types its writers used: the resolved spec, each
 * stage record with the stage's result type, the dynamics log, the evaluation report and the
 * dataset manifest. A file that is missing is absent; one that exists but does not read as its type
 * is noted in {@link #problems()} and absent too, so the recipe says "not recorded" instead of
 * failing because one stage has not run. {@link #documents()} keeps the files' JSON as read, which
 * {@code recipe.json} embeds unchanged.
 *
 * @param spec the resolved spec, or null
 * @param records the stage records present, in pipeline order (render's own excluded)
 * @param epochs the epoch lines of {@code metrics/train.jsonl}
 * @param steps the step lines
 * @param eval {@code metrics/eval.json}, or null
 * @param manifest {@code data/manifest.json}, or null
 * @param problems files that exist but could not be read as their type, with the reason
 */
public record RunFacts(
    RunDirectory run,
    RecipeSpec spec,
    Map<String, StageRecord> records,
    Results results,
    List<DynamicsLine> epochs,
    List<DynamicsLine> steps,
    EvalReport eval,
    Manifest manifest,
    Documents documents,
    List<String> problems) {

  /** Each stage's typed result; null when the stage has no readable record. */
  public record Results(PrepareResult prepare, TrainResult train, EvaluateResult evaluate,
      ExportResult export, InferResult infer) {}

  /** The files' JSON as read, for {@code recipe.json}: spec, stage records, manifest, eval, epochs. */
  public record Documents(JsonNode spec, Map<String, JsonNode> stages, JsonNode manifest, JsonNode eval,
      List<JsonNode> epochs) {}

  /** The pipeline's stages in order; the renderer's own record is not part of the recipe content. */
  public static final List<String> STAGES = java.util.Arrays.stream(dev.recipe.core.stage.StageName.values())
      .filter(s -> s != dev.recipe.core.stage.StageName.RENDER).map(dev.recipe.core.stage.StageName::id).toList();

  /** Reads a run directory; only a missing directory is an error (bad input). */
  public static RunFacts load(RunDirectory run) {
    if (!Files.isDirectory(run.root())) {
      throw RecipeException.badInput("not a run directory: " + run.root());
    }
    List<String> problems = new ArrayList<>();
    JsonNode specTree = readTree(run.specResolved(), Json.yaml(), problems);
    RecipeSpec spec = typed(run.specResolved(), specTree, problems, n -> SpecLoader.load(run.specResolved()));
    Map<String, JsonNode> trees = new LinkedHashMap<>();
    Map<String, StageRecord> records = new LinkedHashMap<>();
    for (String s : STAGES) {
      JsonNode tree = readTree(run.stageRecord(s), Json.json(), problems);
      StageRecord rec = typed(run.stageRecord(s), tree, problems, n -> Json.json().convertValue(n, StageRecord.class));
      if (rec != null) {
        trees.put(s, tree);
        records.put(s, rec);
      }
    }
    Results results = new Results(
        result(records, "prepare", PrepareResult.class, problems),
        result(records, "train", TrainResult.class, problems),
        result(records, "evaluate", EvaluateResult.class, problems),
        result(records, "export", ExportResult.class, problems),
        result(records, "infer", InferResult.class, problems));
    List<JsonNode> epochTrees = new ArrayList<>();
    List<DynamicsLine> epochs = new ArrayList<>();
    List<DynamicsLine> steps = new ArrayList<>();
    readDynamics(run.trainMetrics(), epochTrees, epochs, steps, problems);
    JsonNode evalTree = readTree(run.evalMetrics(), Json.json(), problems);
    JsonNode manifestTree = readTree(run.manifest(), Json.json(), problems);
    return new RunFacts(run, spec, records, results, List.copyOf(epochs), List.copyOf(steps),
        typed(run.evalMetrics(), evalTree, problems, n -> Json.json().convertValue(n, EvalReport.class)),
        typed(run.manifest(), manifestTree, problems, n -> Json.json().convertValue(n, Manifest.class)),
        new Documents(specTree, trees, manifestTree, evalTree, List.copyOf(epochTrees)),
        List.copyOf(problems));
  }

  /** The record of a stage, if it has one. */
  public Optional<StageRecord> record(String stage) {
    return Optional.ofNullable(records.get(stage));
  }

  public boolean has(String stage) {
    return records.containsKey(stage);
  }

  private static <R extends StageResult> R result(Map<String, StageRecord> records, String stage,
      Class<R> type, List<String> problems) {
    StageRecord rec = records.get(stage);
    if (rec == null) {
      return null;
    }
    try {
      return rec.result(type);
    } catch (RecipeException e) {
      problems.add(stage + ".json: " + e.getMessage());
      return null;
    }
  }

  private static <T> T typed(Path file, JsonNode tree, List<String> problems, Function<JsonNode, T> reader) {
    if (tree.isMissingNode()) {
      return null;
    }
    try {
      return reader.apply(tree);
    } catch (RuntimeException e) {
      problems.add(file.getFileName() + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
      return null;
    }
  }

  private static JsonNode readTree(Path file, com.fasterxml.jackson.databind.ObjectMapper mapper,
      List<String> problems) {
    if (!Files.isRegularFile(file)) {
      return MissingNode.getInstance();
    }
    try {
      JsonNode n = mapper.readTree(Files.readAllBytes(file));
      return n == null ? MissingNode.getInstance() : n;
    } catch (IOException e) {
      problems.add(file.getFileName() + ": " + e.getMessage());
      return MissingNode.getInstance();
    }
  }

  private static void readDynamics(Path file, List<JsonNode> epochTrees, List<DynamicsLine> epochs,
      List<DynamicsLine> steps, List<String> problems) {
    if (!Files.isRegularFile(file)) {
      return;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      problems.add(file.getFileName() + ": " + e.getMessage());
      return;
    }
    int bad = 0;
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode n = Json.json().readTree(line);
        DynamicsLine l = Json.json().convertValue(n, DynamicsLine.class);
        if (l.kind() == DynamicsLine.Kind.EPOCH) {
          epochTrees.add(n);
          epochs.add(l);
        } else {
          steps.add(l);
        }
      } catch (IOException | IllegalArgumentException e) {
        bad++; // a line cut short by a kill: keep the rest
      }
    }
    if (bad > 0) {
      problems.add(file.getFileName() + ": " + bad + " unreadable line(s) skipped");
    }
  }
}
