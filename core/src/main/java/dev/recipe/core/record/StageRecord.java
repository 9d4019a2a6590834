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
    Volatile volatileInfo) {

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

  /** Reads a stage record. */
  public static StageRecord read(Path file) {
    return Json.read(file, StageRecord.class);
  }
}
