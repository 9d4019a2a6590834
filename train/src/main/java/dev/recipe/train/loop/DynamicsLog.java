package dev.recipe.train.loop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recipe.core.io.AtomicFiles;
import dev.recipe.core.io.Json;
import dev.recipe.core.record.DynamicsLine;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code metrics/train.jsonl}: one JSON object per line, {@code kind} "step" every logEvery steps
 * and "epoch" after every epoch (contract fields: epoch, step, loss, lr, trainTop1, valLoss,
 * valTop1, valTop5, imagesPerSecond, dataSeconds, computeSeconds, epochSeconds). Lines are appended
 * and flushed one by one; a resumed run first drops the lines written after its checkpoint.
 */
public final class DynamicsLog implements AutoCloseable {
  /** What each number of the dynamics log means, for the recipe. */
  public static final java.util.Map<String, String> METRIC_DEFINITIONS = new java.util.TreeMap<>(java.util.Map.of(
      "loss", "train loss of an epoch or step line: the mean over its samples of each optimizer step's"
          + " mean loss, in training mode (batch statistics), with label smoothing, before the step's update",
      "trainTop1", "the fraction of those samples whose highest logit (first one on ties) is the label,"
          + " from the same forward passes",
      "valLoss", "plain cross-entropy (no smoothing) averaged over the validation split, evaluation mode"
          + " (running BatchNorm statistics), after the epoch's last step",
      "valTop1", "validation top-1 with the same forward passes (label among the k highest logits, lower"
          + " class index first on ties; valTop5 likewise)",
      "valTop1Ema", "with training.ema: valTop1 of the averaged weights after the epoch (valLossEma,"
          + " valTop5Ema likewise)",
      "lr", "the learning rate of the last optimizer step the line covers",
      "step line", "one line per logEvery optimizer steps: the means over exactly those steps' samples"));

  private final BufferedWriter out;

  private DynamicsLog(BufferedWriter out) {
    this.out = out;
  }

  /** A new, empty log. */
  public static DynamicsLog create(Path file) {
    AtomicFiles.writeString(file, "");
    return open(file);
  }

  /**
   * The log of a resumed run: keeps step lines up to {@code globalStep} and epoch lines of the
   * {@code epochsDone} finished epochs (1-based epoch numbers), rewritten atomically, then appends.
   */
  public static DynamicsLog resume(Path file, long globalStep, int epochsDone) {
    List<String> kept = new ArrayList<>();
    if (Files.exists(file)) {
      try {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (line.isBlank()) {
            continue;
          }
          ObjectNode n = (ObjectNode) Json.json().readTree(line);
          boolean epochLine = "epoch".equals(n.path("kind").asText());
          if (epochLine ? n.path("epoch").asInt() <= epochsDone : n.path("step").asLong() <= globalStep) {
            kept.add(line);
          }
        }
      } catch (IOException | ClassCastException e) {
        // a line cut by a kill: everything from it on is dropped
      }
    }
    AtomicFiles.writeString(file, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
    return open(file);
  }

  private static DynamicsLog open(Path file) {
    try {
      return new DynamicsLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
          StandardOpenOption.APPEND));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file, e);
    }
  }

  /** Appends one line (keys in the project's sorted JSON order). */
  public void write(DynamicsLine line) {
    try {
      out.write(Json.json().writer().without(
          com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(line));
      out.write('\n');
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the dynamics log", e);
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
