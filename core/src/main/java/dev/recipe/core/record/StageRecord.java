package dev.recipe.core.record;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.recipe.core.io.Json;
import dev.recipe.core.prov.CodeInfo;
import dev.recipe.core.prov.EnvironmentInfo;
import dev.recipe.core.prov.Volatile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one stage did, as written to {@code stages/<stage>.json}. Everything but {@code volatileInfo}
 * decides or describes reproducibility; two faithful runs differ only in {@code volatileInfo}.
 *
 * @param specSha256 SHA-256 of the resolved spec (YAML) the stage ran with
 * @param params the resolved parameters the stage used
 * @param metrics what the stage measured (numbers, tables)
 * @param details structured stage-specific facts (for example raw-file sources or quarantined files)
 * @param recordSha256 SHA-256 of this record's JSON without this field, set when the record is
 *     written: a record edited afterwards no longer matches it ({@link #sealHolds()}), so the
 *     pipeline runs its stage again instead of trusting (and publishing) the edit
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StageRecord(
    int schemaVersion,
    String stage,
    String status,
    CodeInfo code,
    String specSha256,
    Map<String, Object> params,
    List<FileRef> inputs,
    List<FileRef> outputs,
    EnvironmentInfo environment,
    Map<String, Object> metrics,
    Map<String, Object> details,
    List<String> warnings,
    Volatile volatileInfo,
    String recordSha256) {

  public static final int SCHEMA_VERSION = 1;
  public static final String OK = "ok";
  public static final String FAILED = "failed";

  public StageRecord {
    params = params == null ? Map.of() : new TreeMap<>(params);
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
    outputs = outputs == null ? List.of() : List.copyOf(outputs);
    metrics = metrics == null ? Map.of() : new TreeMap<>(metrics);
    details = details == null ? Map.of() : new TreeMap<>(details);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /** A record without a seal (what the seal is computed over). */
  public StageRecord(int schemaVersion, String stage, String status, CodeInfo code, String specSha256,
      Map<String, Object> params, List<FileRef> inputs, List<FileRef> outputs,
      EnvironmentInfo environment, Map<String, Object> metrics, Map<String, Object> details,
      List<String> warnings, Volatile volatileInfo) {
    this(schemaVersion, stage, status, code, specSha256, params, inputs, outputs, environment,
        metrics, details, warnings, volatileInfo, null);
  }

  private StageRecord withSeal(String seal) {
    return new StageRecord(schemaVersion, stage, status, code, specSha256, params, inputs, outputs,
        environment, metrics, details, warnings, volatileInfo, seal);
  }

  /**
   * The SHA-256 of this record's canonical JSON without its seal: of the text it serializes to,
   * parsed and with keys sorted, so the record written and the record read back hash alike.
   */
  public String computedSha256() {
    try {
      com.fasterxml.jackson.databind.JsonNode tree = Json.json().readTree(Json.toJson(withSeal(null)));
      return dev.recipe.core.io.Hashing.sha256(
          Json.canonical(tree).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** This record with its seal set. */
  public StageRecord sealed() {
    return withSeal(computedSha256());
  }

  /** False when the record was edited after it was written (records without a seal count as intact). */
  public boolean sealHolds() {
    return recordSha256 == null || recordSha256.equals(computedSha256());
  }

  /**
   * This record's params, metrics and details read back as the stage's result type; a record that
   * does not read as that type (a value of the wrong kind, a field the type does not have) is bad
   * input naming the stage and the reason.
   */
  public <R extends StageResult> R result(Class<R> type) {
    Map<String, Object> parts = new java.util.LinkedHashMap<>();
    parts.put("params", params);
    parts.put("metrics", metrics);
    parts.put("details", details);
    try {
      return Json.json().convertValue(parts, type);
    } catch (IllegalArgumentException e) {
      throw dev.recipe.core.RecipeException.badInput("the " + stage + " stage record does not read as "
          + type.getSimpleName() + ": " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  /** Reads a stage record. */
  public static StageRecord read(Path file) {
    return Json.read(file, StageRecord.class);
  }
}
