package dev.recipe.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recipe.core.RecipeException;
import dev.recipe.core.io.AtomicFiles;
import dev.recipe.core.io.Hashing;
import dev.recipe.core.record.StageRecord;
import dev.recipe.core.record.StageRecorder;
import dev.recipe.core.run.RunDirectory;
import dev.recipe.core.stage.Stage;
import dev.recipe.core.stage.StageContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The render stage: reads the run's records and writes {@code figures/*.png}, {@code recipe.json}
 * (sealed), {@code RECIPE.md} and the model card {@code export/README.md}, then its own record. Missing stages render as "not recorded".
 */
public final class RenderStage implements Stage {
  public static final String NAME = "render";
  private static final Logger LOG = LoggerFactory.getLogger(RenderStage.class);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StageRecord run(StageContext context) {
    return run(context.run(), context.recorder(NAME));
  }

  /** Renders {@code run} and finishes {@code rec} (for callers without a loadable spec). */
  public StageRecord run(RunDirectory run, StageRecorder rec) {
    // the records read are the inputs: when any changes, the pipeline renders again
    for (Path in : inputsOf(run)) {
      rec.input(in);
    }
    Rendered out = render(run);
    rec.result(new RenderResult(new RenderResult.Params(),
        new RenderResult.Metrics(out.figures().size(), out.notRecorded()),
        new RenderResult.Details(out.contentSha256())));
    rec.output(run.recipeMarkdown()).output(run.recipeJson());
    if (out.modelCard() != null) {
      rec.output(out.modelCard());
    }
    for (Charts.Figure fig : out.figures()) {
      rec.output(run.figures().resolve(fig.file()));
    }
    out.problems().forEach(rec::warn);
    return rec.finish();
  }

  private static List<Path> inputsOf(RunDirectory run) {
    List<Path> in = new ArrayList<>();
    in.add(run.specResolved());
    RunFacts.STAGES.forEach(s -> in.add(run.stageRecord(s)));
    in.add(run.trainMetrics());
    in.add(run.evalMetrics());
    in.add(run.manifest());
    return in.stream().filter(Files::isRegularFile).toList();
  }

  /**
   * Refuses (bad input, naming both) a run directory whose stages ran with another spec than its
   * {@code spec.resolved.yaml}: the recipe would describe a spec that did not make the model.
   */
  static void checkOneSpec(RunDirectory run) {
    Path specFile = run.specResolved();
    if (!Files.isRegularFile(specFile)) {
      return;
    }
    String sha = Hashing.sha256(specFile);
    for (String stage : RunFacts.STAGES) {
      Path file = run.stageRecord(stage);
      if (stage.equals(NAME) || !Files.isRegularFile(file)) {
        continue;
      }
      String ran;
      try {
        ran = StageRecord.read(file).specSha256();
      } catch (RuntimeException unreadable) {
        continue; // rendered as a problem of that record, not a spec mismatch
      }
      if (ran != null && !ran.equals(sha)) {
        throw RecipeException.badInput(run.root().relativize(file) + " ran with the spec of SHA-256 "
            + ran + ", but " + run.root().relativize(specFile) + " has SHA-256 " + sha
            + ": run `recipe run " + run.root() + "` so that every stage runs with one spec");
      }
    }
  }

  /**
   * What rendering produced.
   *
   * @param notRecorded how many "not recorded" statements the markdown holds
   */
  public record Rendered(
      String markdown, String contentSha256, List<Charts.Figure> figures, int notRecorded,
      List<String> problems, Path modelCard) {}

  /** Renders a run directory without writing a stage record (used by the stage and by tests). */
  public static Rendered render(RunDirectory run) {
    checkOneSpec(run);
    RunFacts facts = RunFacts.load(run);
    List<Charts.Figure> figures = Charts.draw(facts, run.figures());
    ObjectNode doc = RecipeJson.build(facts);
    String sha = doc.path(RecipeJson.HASH_FIELD).asText();
    RecipeJson.write(run.recipeJson(), doc);
    String md = RecipeRenderer.render(facts, figures, sha);
    AtomicFiles.writeString(run.recipeMarkdown(), md);
    // export/README.md, the Hugging Face model card, when the run exported an ONNX model
    String card = ModelCard.markdown(facts);
    Path cardFile = card == null ? null : run.modelCard();
    if (card != null) {
      AtomicFiles.writeString(cardFile, card);
    }
    int missing = md.split("_Not recorded:", -1).length - 1;
    LOG.info("wrote {} ({} figures, {} item(s) not recorded)", run.recipeMarkdown(), figures.size(), missing);
    return new Rendered(md, sha, figures, missing, facts.problems(), cardFile);
  }
}
