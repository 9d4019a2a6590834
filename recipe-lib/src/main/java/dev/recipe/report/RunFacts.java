package dev.recipe.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.recipe.core.RecipeException;
import dev.recipe.core.io.Json;
import dev.recipe.core.run.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a run directory recorded, read tolerantly as JSON trees: the resolved spec, the stage
 * records, the dynamics log, the evaluation results and the dataset manifest. A missing or
 * unreadable file is noted in {@link #problems()} and shows up as "not recorded" downstream;
 * reading never fails because one stage has not run.
 *
 * @param epochs the {@code "kind":"epoch"} lines of {@code metrics/train.jsonl}
 * @param steps the {@code "kind":"step"} lines
 * @param problems files that exist but could not be read, with the reason
 */
public record RunFacts(
    RunDirectory run,
    JsonNode spec,
    Map<String, JsonNode> stages,
    List<JsonNode> epochs,
    List<JsonNode> steps,
    JsonNode eval,
    JsonNode manifest,
    List<String> problems) {

  /** The pipeline's stages in order; the renderer's own record is not part of the recipe content. */
  public static final List<String> STAGES = java.util.Arrays.stream(dev.recipe.core.stage.StageName.values())
      .filter(s -> s != dev.recipe.core.stage.StageName.RENDER).map(dev.recipe.core.stage.StageName::id).toList();

  /** Reads a run directory; only a missing directory is an error (bad input). */
  public static RunFacts load(RunDirectory run) {
    if (!Files.isDirectory(run.root())) {
      throw RecipeException.badInput("not a run directory: " + run.root());
    }
    List<String> problems = new ArrayList<>();
    JsonNode spec = readYaml(run.specResolved(), problems);
    Map<String, JsonNode> stages = new LinkedHashMap<>();
    for (String s : STAGES) {
      JsonNode rec = readJson(run.stageRecord(s), problems);
      if (Facts.present(rec)) {
        stages.put(s, rec);
      }
    }
    List<JsonNode> epochs = new ArrayList<>();
    List<JsonNode> steps = new ArrayList<>();
    readDynamics(run.trainMetrics(), epochs, steps, problems);
    return new RunFacts(run, spec, stages, List.copyOf(epochs), List.copyOf(steps),
        readJson(run.evalMetrics(), problems), readJson(run.manifest(), problems), List.copyOf(problems));
  }

  /** The record of a stage, or a missing node. */
  public JsonNode stage(String name) {
    return stages.getOrDefault(name, MissingNode.getInstance());
  }

  public boolean has(String stage) {
    return stages.containsKey(stage);
  }

  private static JsonNode readJson(Path file, List<String> problems) {
    if (!Files.isRegularFile(file)) {
      return MissingNode.getInstance();
    }
    try {
      return Json.json().readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      problems.add(file.getFileName() + ": " + e.getMessage());
      return MissingNode.getInstance();
    }
  }

  private static JsonNode readYaml(Path file, List<String> problems) {
    if (!Files.isRegularFile(file)) {
      return MissingNode.getInstance();
    }
    try {
      JsonNode n = Json.yaml().readTree(Files.readAllBytes(file));
      return n == null ? MissingNode.getInstance() : n;
    } catch (IOException e) {
      problems.add(file.getFileName() + ": " + e.getMessage());
      return MissingNode.getInstance();
    }
  }

  private static void readDynamics(
      Path file, List<JsonNode> epochs, List<JsonNode> steps, List<String> problems) {
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
        if ("epoch".equals(n.path("kind").asText())) {
          epochs.add(n);
        } else if ("step".equals(n.path("kind").asText())) {
          steps.add(n);
        }
      } catch (IOException e) {
        bad++; // a line cut short by a kill: keep the rest
      }
    }
    if (bad > 0) {
      problems.add(file.getFileName() + ": " + bad + " unreadable line(s) skipped");
    }
  }
}
