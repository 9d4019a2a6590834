package dev.recipe.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recipe.core.record.FileRef;
import dev.recipe.core.run.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the seal alone cannot prove: that {@code recipe.json} says what its run directory's files
 * say. The document is rebuilt from the stage records, metrics, manifest and spec and compared field
 * by field (volatile fields and the seal aside), and every file a stage recorded as an output must
 * still have the SHA-256 it recorded (the weights, the ONNX model, the metrics, the shards).
 */
public final class RunCrossCheck {
  private RunCrossCheck() {}

  /** The run directory a recipe document belongs to, when its files are there to check against. */
  public static RunDirectory runOf(Path fileOrRunDir) {
    Path dir = Files.isDirectory(fileOrRunDir) ? fileOrRunDir : fileOrRunDir.toAbsolutePath().getParent();
    return dir != null && Files.isDirectory(RunDirectory.of(dir).stages()) ? RunDirectory.of(dir) : null;
  }

  /** Every disagreement between {@code doc} and {@code run}'s files, one line each. */
  public static List<String> check(JsonNode doc, RunDirectory run) {
    List<String> problems = new ArrayList<>();
    JsonNode rebuilt = RecipeJson.build(RunFacts.load(run));
    Map<String, String> fromDoc = RecipeDiff.flatten(doc);
    Map<String, String> fromFiles = RecipeDiff.flatten(rebuilt);
    TreeSet<String> keys = new TreeSet<>(fromDoc.keySet());
    keys.addAll(fromFiles.keySet());
    for (String k : keys) {
      if (k.equals(RecipeJson.HASH_FIELD) || RecipeDiff.classify(k) == RecipeDiff.Group.VOLATILE
          || k.endsWith(".code.command")) {
        // recorded commands name where the run lived; a moved or copied run directory is the same run
        continue;
      }
      String a = fromDoc.get(k);
      String b = fromFiles.get(k);
      if (a == null ? b != null : !a.equals(b)) {
        problems.add(k + ": recipe.json says " + (a == null ? "nothing" : a) + ", the run directory "
            + (b == null ? "has nothing" : "says " + b));
      }
    }
    for (String stage : RunFacts.STAGES) {
      Path recordFile = run.stageRecord(stage);
      if (Files.isRegularFile(recordFile)) {
        try {
          if (!dev.recipe.core.record.StageRecord.read(recordFile).sealHolds()) {
            problems.add(run.root().relativize(recordFile) + ": edited after the stage wrote it (its recordSha256 no longer matches)");
          }
        } catch (RuntimeException unreadable) {
          problems.add(run.root().relativize(recordFile) + ": unreadable");
        }
      }
      JsonNode outputs = rebuilt.path("stages").path(stage).path("outputs");
      for (JsonNode o : outputs) {
        String path = o.path("path").asText();
        String sha = o.path("sha256").asText(null);
        if (sha == null) {
          continue;
        }
        Path file = run.resolveInside(path);
        if (!Files.exists(file)) {
          problems.add(path + ": recorded by " + stage + " but missing");
        } else if (!sha.equals(FileRef.of(run.root(), file).sha256())) {
          problems.add(path + ": its SHA-256 differs from what " + stage + " recorded (" + sha + ")");
        }
      }
    }
    return problems;
  }
}
