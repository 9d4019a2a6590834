package dev.recipe.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code recipe verify}: does {@code recipe.json}'s seal hold (no edit since it was rendered), and
 * does every target of its spec hold for its recorded evaluation results?
 */
public final class RecipeVerifier {
  private RecipeVerifier() {}

  /**
   * The outcome.
   *
   * @param recordedSha the {@code contentSha256} in the file ("" when absent)
   * @param computedSha the SHA-256 of its canonical content
   */
  public record Report(String source, String recordedSha, String computedSha, List<Targets.Result> targets) {
    public boolean sealHolds() {
      return recordedSha.equals(computedSha);
    }

    public boolean targetsMet() {
      return targets.stream().allMatch(t -> t.status() == Targets.Status.MET);
    }

    public boolean passed() {
      return sealHolds() && targetsMet();
    }

    /** The verdict table for the terminal. */
    public String format() {
      StringBuilder sb = new StringBuilder();
      sb.append("recipe: ").append(source).append('\n');
      sb.append("content SHA-256: ").append(sealHolds() ? "holds (" + computedSha + ")"
          : "MISMATCH: recorded " + (recordedSha.isEmpty() ? "(none)" : recordedSha) + ", content hashes to "
              + computedSha + " (the recipe was edited after rendering)").append("\n\n");
      if (targets.isEmpty()) {
        sb.append("no targets in the spec (evaluation.targets)\n");
      } else {
        TextTable t = new TextTable(60, "metric", "target", "achieved", "status");
        targets.forEach(r -> t.row(r.metric(), r.expected(), r.achievedText(),
            r.status().name().toLowerCase(Locale.ROOT).replace('_', ' ')));
        sb.append(t);
      }
      sb.append('\n').append(passed() ? "VERIFIED" : "NOT VERIFIED").append('\n');
      return sb.toString();
    }
  }

  /** Verifies a {@code recipe.json} file or a run directory's; unreadable input is bad input. */
  public static Report verify(Path fileOrRunDir) {
    return verify(fileOrRunDir.toString(), RecipeJson.read(fileOrRunDir));
  }

  public static Report verify(String source, JsonNode doc) {
    String recorded = doc.path(RecipeJson.HASH_FIELD).isTextual() ? doc.path(RecipeJson.HASH_FIELD).asText() : "";
    List<Targets.Result> targets = Targets.check(
        doc.path("spec"), doc.path("evalMetrics"), doc.path("stages").path("evaluate"));
    return new Report(source, recorded, RecipeJson.contentHash(doc), targets);
  }
}
