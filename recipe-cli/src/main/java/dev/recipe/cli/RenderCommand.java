package dev.recipe.cli;

import dev.recipe.api.Invocation;
import dev.recipe.core.RecipeException;
import dev.recipe.core.record.StageRecord;
import dev.recipe.core.record.StageRecorder;
import dev.recipe.core.run.RunDirectory;
import dev.recipe.core.run.RunLock;
import dev.recipe.core.spec.SpecLoader;
import dev.recipe.core.stage.StageContext;
import dev.recipe.report.RenderResult;
import dev.recipe.report.RenderStage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code recipe render RUN_DIR}: RECIPE.md, figures and recipe.json from the run's stage records. */
@Command(
    header = "Write RECIPE.md, its figures and the sealed recipe.json from the records.",
    name = "render",
    description = {
      "Write RUN_DIR/RECIPE.md (with figures/*.png) and RUN_DIR/recipe.json from the stage records.",
      "Stages that have not run are shown as \"not recorded\"."
    },
    mixinStandardHelpOptions = true)
public final class RenderCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run directory.")
  Path runDir;

  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Override
  public Integer call() {
    RunDirectory run = RunDirectory.of(runDir);
    if (!Files.isDirectory(run.root())) {
      throw RecipeException.badInput("not a run directory: " + runDir);
    }
    var code = Invocation.code(List.of("render", Invocation.displayPath(run.root())));
    RenderStage stage = new RenderStage();
    StageRecord record;
    try (RunLock lock = RunLock.acquire(run, "recipe render")) {
      record = Files.isRegularFile(run.specResolved())
          ? stage.run(new StageContext(SpecLoader.load(run.specResolved()), run, code))
          : stage.run(run, new StageRecorder(run, RenderStage.NAME, code, null));
    }
    var out = command.commandLine().getOut();
    out.printf("wrote %s, %s and %d figure(s); %s item(s) not recorded%n",
        Invocation.displayPath(run.recipeMarkdown()), Invocation.displayPath(run.recipeJson()),
        record.result(RenderResult.class).metrics().figures(), record.result(RenderResult.class).metrics().notRecorded());
    out.flush();
    return ExitCodes.OK;
  }
}
