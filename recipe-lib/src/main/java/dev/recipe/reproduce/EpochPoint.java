package dev.recipe.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recipe.core.RecipeException;
import dev.recipe.core.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-epoch dynamics that the on-track check compares: one {@code "kind":"epoch"} line of
 * {@code metrics/train.jsonl}.
 */
public record EpochPoint(int epoch, Double trainLoss, Double valLoss, Double valTop1) {

  /** Parses an epoch line; returns null for step lines. */
  public static EpochPoint parse(JsonNode line) {
    if (!"epoch".equals(line.path("kind").asText())) {
      return null;
    }
    return new EpochPoint(line.path("epoch").asInt(), num(line, "loss"), num(line, "valLoss"),
        num(line, "valTop1"));
  }

  private static Double num(JsonNode n, String key) {
    JsonNode v = n.get(key);
    return v == null || !v.isNumber() ? null : v.asDouble();
  }

  /** The epoch lines of a dynamics file, in order. */
  public static List<EpochPoint> readAll(Path trainJsonl) {
    List<EpochPoint> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(trainJsonl)) {
        if (line.isBlank()) {
          continue;
        }
        EpochPoint p = parse(Json.json().readTree(line));
        if (p != null) {
          out.add(p);
        }
      }
    } catch (IOException e) {
      throw RecipeException.badInput("cannot read dynamics " + trainJsonl + ": " + e.getMessage(), e);
    }
    return out;
  }
}
