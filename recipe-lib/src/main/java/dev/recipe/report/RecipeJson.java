package dev.recipe.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recipe.core.RecipeException;
import dev.recipe.core.io.AtomicFiles;
import dev.recipe.core.io.Hashing;
import dev.recipe.core.io.Json;
import dev.recipe.core.run.RunDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code recipe.json}: the resolved spec, every stage record, the dataset manifest, the per-epoch
 * dynamics and the evaluation results, sealed with {@code contentSha256}: the SHA-256 of the
 * document's canonical form (UTF-8 JSON, object keys sorted, no insignificant whitespace) with that
 * field absent. Editing any value breaks the seal.
 */
public final class RecipeJson {
  public static final int SCHEMA_VERSION = 1;
  public static final String HASH_FIELD = "contentSha256";
  private static final ObjectMapper COMPACT = JsonMapper.builder().build();

  private RecipeJson() {}

  /** The recipe document of a run, sealed. */
  public static ObjectNode build(RunFacts facts) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode doc = f.objectNode();
    doc.put("kind", "training-recipe");
    doc.put("schemaVersion", SCHEMA_VERSION);
    RunFacts.Documents d = facts.documents();
    doc.put("name", facts.spec() != null ? facts.spec().name() : facts.run().root().getFileName().toString());
    doc.set("spec", orNull(d.spec()));
    ObjectNode stages = doc.putObject("stages");
    d.stages().forEach(stages::set);
    doc.set("dataset", orNull(d.manifest()));
    ArrayNode dyn = doc.putArray("dynamics");
    d.epochs().forEach(dyn::add);
    doc.set("evalMetrics", orNull(d.eval()));
    // where the run lived: volatile, but lets diff read recorded commands independent of location
    doc.putObject("volatileInfo").put("runDirectory", facts.run().root().toString());
    return seal(doc);
  }

  /** Writes the sealed document (pretty-printed; the seal does not depend on the layout). */
  public static void write(Path target, ObjectNode sealed) {
    try {
      AtomicFiles.writeString(target,
          Json.json().writerWithDefaultPrettyPrinter().writeValueAsString(Json.sortKeys(sealed)) + "\n");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize recipe.json", e);
    }
  }

  /**
   * Reads a recipe document: a {@code recipe.json} file, or a run directory's {@code recipe.json}.
   * Unreadable input is bad input (exit code 2).
   */
  public static ObjectNode read(Path fileOrRunDir) {
    Path file = Files.isDirectory(fileOrRunDir) ? RunDirectory.of(fileOrRunDir).recipeJson() : fileOrRunDir;
    if (!Files.isRegularFile(file)) {
      throw RecipeException.badInput("no recipe.json at " + file);
    }
    try {
      JsonNode n = Json.json().readTree(Files.readAllBytes(file));
      if (n == null || !n.isObject()) {
        throw RecipeException.badInput(file + ": not a JSON object");
      }
      return (ObjectNode) n;
    } catch (IOException e) {
      throw RecipeException.badInput(file + ": not valid JSON: " + e.getMessage(), e);
    }
  }

  /** Computes and sets {@code contentSha256}. The document is first normalized through its text form. */
  static ObjectNode seal(ObjectNode doc) {
    ObjectNode normalized;
    try {
      // parse what will be written, so writer and verifier hash the same number representations
      normalized = (ObjectNode) Json.json().readTree(COMPACT.writeValueAsString(doc));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize recipe.json", e);
    }
    normalized.remove(HASH_FIELD);
    normalized.put(HASH_FIELD, contentHash(normalized));
    return normalized;
  }

  /** SHA-256 of the canonical form of the document with {@code contentSha256} removed. */
  public static String contentHash(JsonNode doc) {
    JsonNode copy = doc.deepCopy();
    if (copy instanceof ObjectNode o) {
      o.remove(HASH_FIELD);
    }
    return Hashing.sha256(canonical(copy).getBytes(StandardCharsets.UTF_8));
  }

  /** True when the recorded {@code contentSha256} matches the content. */
  public static boolean sealHolds(JsonNode doc) {
    JsonNode recorded = doc.path(HASH_FIELD);
    return recorded.isTextual() && recorded.asText().equals(contentHash(doc));
  }

  /** Canonical JSON: sorted keys, no insignificant whitespace. */
  public static String canonical(JsonNode node) {
    return Json.canonical(node);
  }


  private static JsonNode orNull(JsonNode n) {
    return n != null && !n.isMissingNode() && !n.isNull() ? n : JsonNodeFactory.instance.nullNode();
  }
}
