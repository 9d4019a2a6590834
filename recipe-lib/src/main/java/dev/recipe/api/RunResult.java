package dev.recipe.api;

import dev.recipe.core.run.RunDirectory;
import dev.recipe.evaluate.EvalReport;
import dev.recipe.pipeline.Pipeline;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link Recipe} run did.
 *
 * @param run the run directory
 * @param stages each selected stage: ran, skipped (unchanged) or missing, with its record
 * @param evaluation {@code metrics/eval.json} when the evaluate stage has run
 * @param weightsSha256 SHA-256 of the trained weights when the train stage has run
 * @param recipe {@code RECIPE.md} when the render stage has run
 * @param onnx {@code export/model.onnx} when the export stage has run
 */
public record RunResult(
    RunDirectory run,
    List<Pipeline.StageResult> stages,
    Optional<EvalReport> evaluation,
    Optional<String> weightsSha256,
    Optional<Path> recipe,
    Optional<Path> onnx) {

  public RunResult {
    stages = List.copyOf(stages);
  }

  /** A test-split accuracy such as {@code top1}, when evaluated. */
  public Optional<Double> accuracy(String topK) {
    return evaluation.map(e -> e.accuracy().get(topK));
  }
}
