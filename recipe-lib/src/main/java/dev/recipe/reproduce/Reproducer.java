package dev.recipe.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recipe.core.RecipeException;
import dev.recipe.core.io.Json;
import dev.recipe.core.prov.CodeInfo;
import dev.recipe.core.prov.EnvironmentInfo;
import dev.recipe.core.prov.GitInfo;
import dev.recipe.core.record.StageRecord;
import dev.recipe.core.run.RunDirectory;
import dev.recipe.core.spec.RecipeSpec;
import dev.recipe.core.spec.SpecLoader;
import dev.recipe.core.stage.EpochObserver;
import dev.recipe.core.stage.StageContext;
import dev.recipe.core.stage.StageName;
import dev.recipe.data.Manifest;
import dev.recipe.evaluate.EvalReport;
import dev.recipe.pipeline.Pipeline;
import dev.recipe.report.RecipeDocument;
import dev.recipe.train.TrainResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Re-runs a recorded recipe into a new run directory and judges it: code and environment first,
 * data fingerprints before training, dynamics after every epoch (the on-track check), and finally
 * targets, metrics and final weights.
 */
public final class Reproducer {

  /** How a reproduction is run. */
  public record Options(
      RunDirectory out, List<String> overrides, boolean allowDataChange, boolean stopWhenOffTrack,
      Function<StageName, String> commandFor) {}

  /** One row of the verdict table. */
  public record Row(String check, String reference, String reproduced, boolean ok) {}

  /** The outcome. */
  public record Verdict(boolean reproduced, List<Row> rows, OnTrackCheck.Verdict lastEpoch) {

    /** The checks as a table, then the verdict line naming the new run directory. */
    public String text(String runDirectory) {
      dev.recipe.report.TextTable table = new dev.recipe.report.TextTable(80, "check", "recipe", "reproduction", "ok");
      rows.forEach(row -> table.row(row.check(), row.reference(), row.reproduced(), row.ok() ? "yes" : "NO"));
      return table + String.format("%s (%s)%n", reproduced ? "REPRODUCED" : "NOT REPRODUCED", runDirectory);
    }
  }

  private final RecipeDocument reference;
  private final PrintWriter out;

  public Reproducer(ObjectNode referenceRecipe, PrintWriter out) {
    this.reference = RecipeDocument.of(referenceRecipe);
    this.out = out;
  }

  /** The recorded spec, with any overrides applied (a deliberate change is then visible as such). */
  public RecipeSpec spec(List<String> overrides) {
    JsonNode spec = reference.specTree();
    if (!spec.isObject()) {
      throw RecipeException.badInput("the recipe holds no spec");
    }
    return SpecLoader.parse(Json.toJson(spec), "recipe.json spec", overrides);
  }

  public Verdict run(Options o, CodeInfo code) throws Exception {
    RecipeSpec spec = spec(o.overrides());
    if (!o.overrides().isEmpty()) {
      out.printf("note: the recorded spec is changed by %s%n", o.overrides());
    }
    RunDirectory run = o.out().create();
    SpecLoader.writeResolved(spec, run.specResolved());
    preflight(code);
    Pipeline pipeline = Pipeline.discover();
    Function<StageName, StageContext> ctx = name -> new StageContext(spec, run,
        code.withCommand(o.commandFor().apply(name)));
    List<Row> rows = new ArrayList<>();

    // Data: same raw bytes and the same processed dataset, or a refusal.
    StageRecord prep = pipeline.stage(StageName.PREPARE).run(ctx.apply(StageName.PREPARE));
    String refFp = reference.dataset() == null ? null : reference.dataset().fingerprint();
    String newFp = Manifest.read(run.data()).fingerprint();
    boolean dataSame = Objects.equals(refFp, newFp)
        && rawHashes(reference.stage("prepare").orElse(null)).equals(rawHashes(prep));
    rows.add(new Row("processed-data fingerprint", refFp, newFp, Objects.equals(refFp, newFp)));
    out.printf("data: %s%n", dataSame ? "raw files and processed fingerprint match the recipe"
        : "DIFFERS from the recipe (reference " + refFp + ", now " + newFp + ")");
    out.flush();
    if (!dataSame && !o.allowDataChange()) {
      throw RecipeException.checkFailed("refusing to train on different data: the raw-data hashes or the"
          + " processed-data fingerprint differ from the recipe (use --allow-data-change to go on)");
    }

    // Training, watched epoch by epoch.
    List<EpochPoint> refEpochs = new ArrayList<>();
    reference.dynamics().forEach(l -> {
      EpochPoint p = EpochPoint.of(l);
      if (p != null) {
        refEpochs.add(p);
      }
    });
    OnTrackCheck check = new OnTrackCheck(refEpochs, spec.reproduce());
    OnTrackCheck.Verdict[] last = new OnTrackCheck.Verdict[1];
    EpochObserver observer = line -> {
      EpochPoint p = EpochPoint.of(line);
      if (p == null) {
        return EpochObserver.Decision.CONTINUE;
      }
      last[0] = check.observe(p);
      out.println(last[0].describe());
      out.flush();
      return !last[0].onTrack() && o.stopWhenOffTrack()
          ? EpochObserver.Decision.STOP : EpochObserver.Decision.CONTINUE;
    };
    try {
      pipeline.stage(StageName.TRAIN).run(ctx.apply(StageName.TRAIN).withEpochObserver(observer));
    } catch (RecipeException e) {
      if (last[0] != null && !last[0].onTrack() && o.stopWhenOffTrack()) {
        out.printf("stopped: off track since epoch %d%n", last[0].offTrackSince());
        rows.add(new Row("dynamics", "reference", "off track since epoch " + last[0].offTrackSince(), false));
        return finish(rows, last[0]);
      }
      throw e;
    }
    rows.add(new Row("dynamics (every epoch within tolerance)", refEpochs.size() + " epoch(s)",
        last[0] == null ? "no epoch observed"
            : last[0].onTrack() ? "on track" : "off track since epoch " + last[0].offTrackSince(),
        last[0] != null && last[0].onTrack()));

    for (StageName s : List.of(StageName.EVALUATE, StageName.EXPORT, StageName.INFER, StageName.RENDER)) {
      if (pipeline.has(s)) {
        pipeline.stage(s).run(ctx.apply(s));
      }
    }
    compareResults(run, spec, rows);
    return finish(rows, last[0]);
  }

  private Verdict finish(List<Row> rows, OnTrackCheck.Verdict lastEpoch) {
    boolean ok = rows.stream().filter(r -> !r.check().startsWith("final weights")).allMatch(Row::ok);
    return new Verdict(ok, rows, lastEpoch);
  }

  private void compareResults(RunDirectory run, RecipeSpec spec, List<Row> rows) {
    EvalReport refEval = reference.evalMetrics();
    EvalReport newEval = Json.read(run.evalMetrics(), EvalReport.class);
    double tol = spec.reproduce().metricTolerance();
    newEval.accuracy().forEach((k, now) -> {
      Double ref = refEval == null ? null : refEval.accuracy().get(k);
      rows.add(new Row(k + " (within " + tol + ")", ref != null ? fmt(ref) : "not recorded",
          fmt(now), ref != null && Math.abs(now - ref) <= tol));
    });
    newEval.targets().forEach(t -> rows.add(new Row("target " + t.metric() + " " + t.requirement(), "",
        fmt(t.actual()), t.passed())));
    String refW = reference.result("train", TrainResult.class).map(r -> r.metrics().weightsSha256()).orElse(null);
    String newW = StageRecord.read(run.stageRecord("train")).result(TrainResult.class).metrics().weightsSha256();
    rows.add(new Row("final weights bit-identical (SHA-256)", abbreviate(refW), abbreviate(newW),
        Objects.equals(refW, newW)));
  }

  /** Says whether the code and the machine match the recipe's; differences are reported, not fatal. */
  private void preflight(CodeInfo code) {
    StageRecord train = reference.stage("train").orElse(null);
    GitInfo refGit = train == null || train.code() == null ? null : train.code().git();
    String refCommit = refGit == null ? null : refGit.commit();
    boolean refDirty = refGit != null && Boolean.TRUE.equals(refGit.dirty());
    boolean sameCode = Objects.equals(refCommit, code.git().commit())
        && refDirty == Boolean.TRUE.equals(code.git().dirty())
        && Objects.equals(refGit == null ? null : refGit.diffSha256(), code.git().diffSha256());
    out.printf("code: %s%n", sameCode ? "same commit " + refCommit
        : "differs (recipe " + refCommit + (refDirty ? " dirty" : "")
            + ", here " + code.git().describe() + ")");
    EnvironmentInfo now = EnvironmentInfo.capture();
    EnvironmentInfo env = train == null ? null : train.environment();
    Map<String, String[]> diffs = new LinkedHashMap<>();
    if (env != null) {
      compare(diffs, "CPU", env.cpuModel(), now.cpuModel());
      compare(diffs, "cores", Integer.toString(env.cores()), Integer.toString(now.cores()));
      compare(diffs, "Java", env.java(), now.java());
      compare(diffs, "OS", env.os(), now.os());
    }
    out.printf("environment: %s%n", diffs.isEmpty() ? "same CPU model, cores, Java and OS"
        : "differs: " + String.join("; ", diffs.entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue()[0] + " -> " + e.getValue()[1]).toList())
            + " (bit-identical weights are only expected on the same hardware class)");
    out.flush();
  }

  private static void compare(Map<String, String[]> diffs, String what, String ref, String now) {
    if (ref != null && !ref.equals(now)) {
      diffs.put(what, new String[] {ref, now});
    }
  }

  /** Role or path to SHA-256 of the raw inputs (those with a source). */
  private static Map<String, String> rawHashes(StageRecord prepareRecord) {
    Map<String, String> out = new LinkedHashMap<>();
    if (prepareRecord != null) {
      prepareRecord.inputs().stream().filter(in -> in.source() != null)
          .forEach(in -> out.put(in.path().replaceAll(".*/", ""), in.sha256()));
    }
    return out;
  }

  private static String fmt(double v) {
    return String.format("%.4f", v);
  }

  private static String abbreviate(String sha) {
    return sha == null || sha.length() < 16 ? String.valueOf(sha) : sha.substring(0, 16) + "...";
  }
}
