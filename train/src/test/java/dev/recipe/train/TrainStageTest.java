package dev.recipe.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recipe.core.RecipeException;
import dev.recipe.core.prov.CodeInfo;
import dev.recipe.core.record.StageRecord;
import dev.recipe.core.run.RunDirectory;
import dev.recipe.core.spec.RecipeSpec;
import dev.recipe.core.spec.SpecLoader;
import dev.recipe.core.stage.StageContext;
import dev.recipe.model.ModelDescriptor;
import dev.recipe.model.SafeTensors;
import dev.recipe.model.StateDict;
import dev.recipe.train.testing.TinyDatasets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stage end to end on a tiny processed dataset and a tiny ResNet. */
class TrainStageTest {
  static final String SPEC = """
      name: tiny
      seed: 5
      data: {dataset: tiny, format: image-folder, imageFolder: {root: /nonexistent}}
      model: {depth: 18, width: 4, stem: small}
      training:
        epochs: 2
        batchSize: 8
        optimizer: {lr: 0.05, noDecayOnNormAndBias: true}
        schedule: {name: cosine, warmupEpochs: 0.5}
        augment: [{name: pad-crop, padding: 1}, {name: horizontal-flip}]
        logEvery: 2
        loaderThreads: 2
      evaluation: {batchSize: 16}
      """;

  @TempDir Path tmp;

  private RecipeSpec spec(String... overrides) throws Exception {
    Path f = tmp.resolve("spec.yaml");
    Files.writeString(f, SPEC);
    return SpecLoader.load(f, List.of(overrides));
  }

  private RunDirectory runDir(String name, int classes) throws Exception {
    RunDirectory run = RunDirectory.of(tmp.resolve(name)).create();
    TinyDatasets.write(run.data(), 8, 1, classes, Map.of("train", 48, "val", 16), 1);
    return run;
  }

  private static StageRecord train(RecipeSpec spec, RunDirectory run, TrainStage stage)
      throws Exception {
    return stage.run(new StageContext(spec, run, CodeInfo.of(run.root(), "test", "test")));
  }

  @Test
  void writesModelRecordAndResumesExactly() throws Exception {
    RecipeSpec spec = spec();
    RunDirectory a = runDir("a", 3);
    StageRecord rec = train(spec, a, new TrainStage());
    assertEquals(StageRecord.OK, rec.status());
    String sha = (String) rec.metrics().get("weightsSha256");
    ModelDescriptor d = ModelDescriptor.read(a.model());
    assertEquals(sha, d.weightsSha256());
    assertEquals(List.of("class0", "class1", "class2"), d.classNames());
    assertEquals(8, d.inputHeight());
    for (String k : List.of("training", "model", "seed", "devices", "threads", "stepsPerEpoch")) {
      assertTrue(rec.params().containsKey(k), "params lack " + k);
    }
    assertNotNull(rec.metrics().get("best"));
    assertTrue(Files.exists(a.stageRecord("train")));
    assertTrue(Files.size(a.trainMetrics()) > 0);
    // The last checkpoint also carries torchvision-named weights (what Pretrained reads).
    assertEquals(SafeTensors.read(a.model().resolve("weights.safetensors")),
        SafeTensors.read(a.checkpoints().resolve("epoch-002").resolve("weights.safetensors")));

    // 6 steps per epoch. Stopped after step 9 of 12 (checkpoints every 2 steps and at the end of
    // epoch 1), then resumed from step 8: same weights as the uninterrupted run.
    RunDirectory b = runDir("b", 3);
    assertEquals(StageRecord.FAILED, train(spec, b, new TrainStage(false, 2, 9L)).status());
    StageRecord resumed = train(spec, b, new TrainStage(true, 2, null));
    assertTrue(String.valueOf(resumed.details().get("resumedFrom")).endsWith("step-00000008"),
        String.valueOf(resumed.details().get("resumedFrom")));
    assertEquals(sha, resumed.metrics().get("weightsSha256"));
  }

  @Test
  void emaMixupCutmixAndClippingTrainAndResumeExactly() throws Exception {
    RecipeSpec spec = spec("training.ema={decay: 0.99, steps: 2}", "training.mixupAlpha=0.2",
        "training.cutmixAlpha=1.0", "training.clipGradNorm=0.5");
    RunDirectory a = runDir("ema-a", 3);
    StageRecord rec = train(spec, a, new TrainStage());
    assertEquals(StageRecord.OK, rec.status());
    // the model is the average; the raw weights are a model directory of their own
    StateDict model = SafeTensors.read(a.model().resolve("weights.safetensors"));
    StateDict raw = SafeTensors.read(a.rawWeightsModel().resolve("weights.safetensors"));
    assertFalse(model.equals(raw), "the average differs from the last weights");
    assertEquals(SafeTensors.read(a.checkpoints().resolve("epoch-002").resolve("weights.safetensors")), raw);
    assertTrue(Files.isRegularFile(a.checkpoints().resolve("epoch-002").resolve("ema.safetensors")));
    Map<?, ?> average = (Map<?, ?>) rec.details().get("weightAverage");
    assertEquals("ema", average.get("model"));
    String history = Files.readString(a.trainMetrics());
    assertTrue(history.contains("\"valTop1Ema\""), history);

    // killed after step 9 of 12, resumed from step 8: the same average and the same raw weights
    RunDirectory b = runDir("ema-b", 3);
    assertEquals(StageRecord.FAILED, train(spec, b, new TrainStage(false, 2, 9L)).status());
    StageRecord resumed = train(spec, b, new TrainStage(true, 2, null));
    assertTrue(String.valueOf(resumed.details().get("resumedFrom")).endsWith("step-00000008"));
    assertEquals(rec.metrics().get("weightsSha256"), resumed.metrics().get("weightsSha256"));
    assertEquals(raw, SafeTensors.read(b.rawWeightsModel().resolve("weights.safetensors")));

    // without replaceModel the raw weights are the model and the average goes to model-ema
    RunDirectory c = runDir("ema-c", 3);
    StageRecord kept = train(spec("training.ema={decay: 0.99, steps: 2, replaceModel: false}",
        "training.mixupAlpha=0.2", "training.cutmixAlpha=1.0", "training.clipGradNorm=0.5"), c,
        new TrainStage());
    assertEquals(raw, SafeTensors.read(c.model().resolve("weights.safetensors")));
    assertEquals(model, SafeTensors.read(c.emaModel().resolve("weights.safetensors")));
    assertEquals(rec.details().get("weightAverage") instanceof Map<?, ?> m ? m.get("otherWeightsSha256") : null,
        ModelDescriptor.read(c.model()).weightsSha256());
    assertEquals("raw", ((Map<?, ?>) kept.details().get("weightAverage")).get("model"));

    // trained again without ema: the earlier run's second model directory is gone
    train(spec("training.epochs=1"), c, new TrainStage());
    assertFalse(Files.exists(c.emaModel()), "stale model-ema/ removed");
  }

  @Test
  void fineTuneReplacesHeadFreezesAndChecksKeys() throws Exception {
    RunDirectory base = runDir("base", 3);
    train(spec("training.epochs=1"), base, new TrainStage());
    StateDict before = SafeTensors.read(base.model().resolve("weights.safetensors"));

    RunDirectory ft = runDir("ft", 2);
    RecipeSpec fine = spec("training.epochs=1",
        "training.pretrained={path: " + base.root() + "}", "training.freeze=[conv1, bn1, layer1]",
        "training.headLrMultiplier=10");
    StageRecord rec = train(fine, ft, new TrainStage());
    assertEquals(Boolean.TRUE, rec.details().get("headReplaced"));
    assertTrue(rec.warnings().stream().anyMatch(w -> w.contains("head replaced")), rec.warnings().toString());
    StateDict after = SafeTensors.read(ft.model().resolve("weights.safetensors"));
    assertArrayEquals(before.get("conv1.weight").data(), after.get("conv1.weight").data());
    assertArrayEquals(before.get("layer1.0.conv1.weight").data(),
        after.get("layer1.0.conv1.weight").data());
    assertFalse(java.util.Arrays.equals(before.get("layer2.0.conv1.weight").data(),
        after.get("layer2.0.conv1.weight").data()));
    assertEquals(2, after.get("fc.weight").shape()[0]);

    // A pretrained model of another width: a clear error listing the mismatched keys.
    RecipeSpec wrong = spec("training.epochs=1", "model.width=8",
        "training.pretrained={path: " + base.root() + "}");
    RecipeException e = assertThrows(RecipeException.class,
        () -> train(wrong, runDir("wrong", 3), new TrainStage()));
    assertEquals(RecipeException.BAD_INPUT, e.exitCode());
    assertTrue(e.getMessage().contains("shape mismatches") && e.getMessage().contains("conv1.weight"),
        e.getMessage());

    RecipeException unknownFreeze = assertThrows(RecipeException.class,
        () -> train(spec("training.freeze=[layer9]"), runDir("fz", 3), new TrainStage()));
    assertTrue(unknownFreeze.getMessage().contains("layer9"));
  }
}
