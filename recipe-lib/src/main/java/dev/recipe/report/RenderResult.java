package dev.recipe.report;

import dev.recipe.core.record.StageResult;

/** What the render stage did, as its stage record stores it ({@code stages/render.json}). */
public record RenderResult(RenderResult.Params params, RenderResult.Metrics metrics,
    RenderResult.Details details) implements StageResult {

  /** Render takes no parameters: it reads the run. */
  public record Params() {}

  /**
   * @param figures figures written
   * @param notRecorded places where RECIPE.md says a fact was not recorded
   */
  public record Metrics(int figures, int notRecorded) {}

  /** @param contentSha256 the seal of the recipe.json written */
  public record Details(String contentSha256) {}
}
