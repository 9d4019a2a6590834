package dev.recipe.reproduce;

import dev.recipe.core.RecipeException;
import dev.recipe.core.io.Json;
import dev.recipe.core.record.DynamicsLine;
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

  /** The point of an epoch line; null for step lines. */
  public static EpochPoint of(DynamicsLine line) {
    return line.kind() != DynamicsLine.Kind.EPOCH ? null
        : new EpochPoint(line.epoch(), line.loss(), line.valLoss(), line.valTop1());
  }

  /** The epoch lines of a dynamics file, in order. */
  public static List<EpochPoint> readAll(Path trainJsonl) {
    List<EpochPoint> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(trainJsonl)) {
        if (line.isBlank()) {
          continue;
        }
        EpochPoint p = of(Json.json().readValue(line, DynamicsLine.class));
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
