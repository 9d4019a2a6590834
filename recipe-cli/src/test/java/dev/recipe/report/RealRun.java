package dev.recipe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.recipe.core.io.Json;
import dev.recipe.core.prov.CodeInfo;
import dev.recipe.core.record.StageRecord;
import dev.recipe.core.run.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Run directories made by the real pipeline ({@code recipe run}: every stage, then render) on a
 * small subset of Fashion-MNIST with a tiny model, for the tests of what reads run directories
 * (render, verify, diff, lint). Each distinct run is made once per test JVM; a test gets its own
 * copy, which it may edit.
 */
final class RealRun {
  /** The quickstart spec, cut down to seconds. */
  static final List<String> TINY = List.of(
      "data.split.limitPerClass=20",
      "data.shardSize=250",
      "model.width=4",
      "training.epochs=2",
      "training.batchSize=16",
      "training.maxStepsPerEpoch=3",
      "training.logEvery=2",
      "evaluation.targets=[{metric: top1, min: 0.05}]",
      "export.paritySamples=32",
      "infer.benchBatches=[1, 4]",
      "infer.examples=2");

  private static final Map<List<String>, Path> MADE = new HashMap<>();
  private static Path work;

  private RealRun() {}

  /** The shared tiny quickstart run with these extra overrides: read it, never change it. */
  static RunDirectory of(String... extraOverrides) {
    return RunDirectory.of(made(List.of(extraOverrides), ""));
  }

  /**
   * A copy, at {@code target}, of {@link #of} for a test that edits it: the stage records' commands
   * name the copy, as if the run had been made there (records resealed).
   */
  static RunDirectory copy(Path target, String... extraOverrides) {
    Path from = made(List.of(extraOverrides), "");
    copyTree(from, target);
    RunDirectory run = RunDirectory.of(target);
    try (Stream<Path> records = Files.list(run.stages())) {
      for (Path file : (Iterable<Path>) records::iterator) {
        StageRecord r = StageRecord.read(file);
        CodeInfo moved = r.code().withCommand(r.code().command()
            .replace(from.toString(), target.toAbsolutePath().normalize().toString()));
        Json.write(file, new StageRecord(r.schemaVersion(), r.stage(), r.status(), moved, r.specSha256(),
            r.params(), r.inputs(), r.outputs(), r.environment(), r.metrics(), r.details(), r.warnings(),
            r.volatileInfo()).sealed());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return run;
  }

  /**
   * Another run of the same spec, made from nothing in another directory: what a faithful
   * reproduction looks like. Read it, never change it.
   */
  static RunDirectory rerun() {
    return RunDirectory.of(made(List.of(), "again"));
  }

  private static synchronized Path made(List<String> extra, String tag) {
    List<String> key = new ArrayList<>(extra);
    key.add("#" + tag);
    return MADE.computeIfAbsent(key, k -> {
      try {
        if (work == null) {
          work = Path.of("target", "real-runs").toAbsolutePath();
          dev.recipe.data.fetch.FileTrees.deleteTree(work);
          Files.createDirectories(work);
        }
        Path dir = work.resolve("run-" + MADE.size());
        List<String> args = new ArrayList<>(List.of("run", Path.of("..", "recipes", "fashion-mnist-quickstart.yaml").toString(),
            "--out", dir.toString()));
        Stream.concat(TINY.stream(), extra.stream()).forEach(o -> {
          args.add("--set");
          args.add(o);
        });
        Cli r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.out() + r.err());
        return dir;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private static void copyTree(Path from, Path to) {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
