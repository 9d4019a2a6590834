package dev.recipe.core.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A whole recipe spec.
 *
 * @param name run name, used for the default run directory {@code runs/<name>}
 * @param seed the master seed; every random choice in every stage derives from it
 */
public record RecipeSpec(
    @JsonPropertyDescription("run name") String name,
    String description,
    Long seed,
    DataSpec data,
    ModelSpec model,
    TrainingSpec training,
    EvaluationSpec evaluation,
    ExportSpec export,
    InferSpec infer,
    ReproduceSpec reproduce) {

  public RecipeSpec {
    Check.require(name != null && name.matches("[A-Za-z0-9][A-Za-z0-9._-]*"),
        "name must be letters, digits, '.', '_' or '-' (it names the run directory)");
    description = description == null ? "" : description;
    seed = seed == null ? 42L : seed;
    Check.require(data != null, "data is required");
    model = model == null ? ModelSpec.defaults() : model;
    training = training == null ? TrainingSpec.defaults() : training;
    evaluation = evaluation == null ? EvaluationSpec.defaults() : evaluation;
    export = export == null ? ExportSpec.defaults() : export;
    infer = infer == null ? InferSpec.defaults() : infer;
    reproduce = reproduce == null ? ReproduceSpec.defaults() : reproduce;
  }
}
