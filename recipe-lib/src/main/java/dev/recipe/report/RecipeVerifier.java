package dev.recipe.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code recipe verify}: does {@code recipe.json}'s seal hold (no edit since it was rendered), does
 * it agree with its run directory's files when they are there ({@link RunCrossCheck}), and does
 * every target of its spec hold for its recorded evaluation results?
 *
 * <p>What the seal proves: the document was not edited after rendering, unless whoever edited it
 * also recomputed the seal (it is a checksum, not a signature). The cross-check adds that the
 * document matches the stage records, metrics and output files beside it; a copied recipe.json
 * alone can only be checked against itself.
 */
public final class RecipeVerifier {
  private RecipeVerifier() {}

  /**
   * The outcome.
   *
   * @param recordedSha the {@code contentSha256} in the file ("" when absent)
   * @param computedSha the SHA-256 of its canonical content
   */
  public record Report(String source, String recordedSha, String computedSha, List<Targets.Result> targets,
      List<String> runMismatches, boolean runChecked) {
    public boolean sealHolds() {
      return recordedSha.equals(computedSha);
    }

    public boolean targetsMet() {
      return targets.stream().allMatch(t -> t.status() == Targets.Status.MET);
    }

    public boolean passed() {
      return sealHolds() && targetsMet() && runMismatches.isEmpty();
    }

    /** The verdict table for the terminal. */
    public String format() {
      StringBuilder sb = new StringBuilder();
      sb.append("recipe: ").append(source).append('\n');
      sb.append("content SHA-256: ").append(sealHolds() ? "holds (" + computedSha + ")"
          : "MISMATCH: recorded " + (recordedSha.isEmpty() ? "(none)" : recordedSha) + ", content hashes to "
              + computedSha + " (the recipe was edited after rendering)").append('\n');
      if (!runChecked) {
        sb.append("run directory: not beside this file; only the document itself was checked\n\n");
      } else if (runMismatches.isEmpty()) {
        sb.append("run directory: every record, metric and output file agrees\n\n");
      } else {
        sb.append("run directory: ").append(runMismatches.size()).append(" MISMATCH(ES):\n");
        runMismatches.forEach(m -> sb.append("  ").append(m).append('\n'));
        sb.append('\n');
      }
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
    JsonNode doc = RecipeJson.read(fileOrRunDir);
    var run = RunCrossCheck.runOf(fileOrRunDir);
    return verify(fileOrRunDir.toString(), doc, run == null ? null : RunCrossCheck.check(doc, run));
  }

  /**
   * @param runMismatches what {@link RunCrossCheck} found, or null when no run directory was there
   */
  public static Report verify(String source, JsonNode doc, List<String> runMismatches) {
    String recorded = doc.path(RecipeJson.HASH_FIELD).isTextual() ? doc.path(RecipeJson.HASH_FIELD).asText() : "";
    RecipeDocument typed = RecipeDocument.of(doc);
    List<Targets.Result> targets = Targets.check(typed.spec(), typed.evalMetrics());
    return new Report(source, recorded, RecipeJson.contentHash(doc), targets,
        runMismatches == null ? List.of() : List.copyOf(runMismatches), runMismatches != null);
  }
}
