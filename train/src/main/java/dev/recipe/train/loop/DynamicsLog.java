package dev.recipe.train.loop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recipe.core.io.AtomicFiles;
import dev.recipe.core.io.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code metrics/train.jsonl}: one JSON object per line, {@code kind} "step" every logEvery steps
 * and "epoch" after every epoch (contract fields: epoch, step, loss, lr, trainTop1, valLoss,
 * valTop1, valTop5, imagesPerSecond, dataSeconds, computeSeconds, epochSeconds). Lines are appended
 * and flushed one by one; a resumed run first drops the lines written after its checkpoint.
 */
public final class DynamicsLog implements AutoCloseable {
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
  public void write(Map<String, Object> line) {
    try {
      out.write(Json.json().writer().without(
          com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(new LinkedHashMap<>(line)));
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
