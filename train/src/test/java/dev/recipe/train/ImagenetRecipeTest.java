package dev.recipe.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recipe.core.prov.CodeInfo;
import dev.recipe.core.random.SplitMix;
import dev.recipe.core.record.StageRecord;
import dev.recipe.core.run.RunDirectory;
import dev.recipe.core.spec.RecipeSpec;
import dev.recipe.core.spec.SpecLoader;
import dev.recipe.core.spec.TrainingSpec;
import dev.recipe.core.stage.StageContext;
import dev.recipe.data.PrepareStage;
import dev.recipe.model.ModelDescriptor;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped ImageNet recipe, unchanged except for tiny overrides, on a generated ImageNet-layout
 * fixture: prepare + train with 8 (emulated) devices, random-resized-crop, flip, step schedule and
 * the resize/center-crop evaluation preprocessing.
 */
class ImagenetRecipeTest {
  static final Path RECIPE = Path.of("..", "recipes", "imagenet-resnet50.yaml");

  @TempDir Path tmp;

  @Test
  void shippedRecipeHasTorchvisionsHyperparameters() {
    RecipeSpec s = SpecLoader.load(RECIPE, List.of());
    TrainingSpec t = s.training();
    assertEquals(256, t.globalBatch());
    assertEquals(90, t.epochs());
    assertEquals(0.1, t.optimizer().lr());
    assertEquals(0.9, t.optimizer().momentum());
    assertEquals(1e-4, t.optimizer().weightDecay());
    assertEquals(TrainingSpec.ScheduleKind.STEP, t.schedule().name());
    assertEquals(30, t.schedule().stepSize());
    assertEquals(0.1, t.schedule().gamma());
    assertEquals(TrainingSpec.AugmentKind.RANDOM_RESIZED_CROP, t.augment().get(0).name());
    assertEquals(224, t.augment().get(0).size());
    assertEquals(TrainingSpec.AugmentKind.HORIZONTAL_FLIP, t.augment().get(1).name());
    assertEquals(256, t.preprocess().resize());
    assertEquals(224, t.preprocess().crop());
    assertEquals(List.of(0.485, 0.456, 0.406), t.preprocess().mean());
    assertEquals(50, s.model().depth());
    assertEquals(64, s.model().width());
  }

  /** A generated ImageNet-layout folder: 3 classes, {@code perClass} training and 3 validation JPEGs each. */
  private Path fixture(int perClass) throws Exception {
    Path root = tmp.resolve("imagenet");
    SplitMix r = new SplitMix(1);
    for (String split : List.of("train", "val")) {
      for (String wnid : List.of("n01440764", "n01443537", "n01484850")) {
        Path dir = Files.createDirectories(root.resolve(split).resolve(wnid));
        for (int i = 0; i < (split.equals("train") ? perClass : 3); i++) {
          BufferedImage img = new BufferedImage(36 + r.nextInt(12), 30 + r.nextInt(12),
              BufferedImage.TYPE_INT_RGB);
          for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
              img.setRGB(x, y, r.nextInt(0x1000000));
            }
          }
          ImageIO.write(img, "jpeg", dir.resolve(wnid + "_" + i + ".JPEG").toFile());
        }
      }
    }
    return root;
  }

  /**
   * torchvision's IMAGENET1K_V2 recipe as shipped, augmentations and evaluation preprocessing
   * unchanged (176 px training crops, TrivialAugmentWide, random erasing, mixup/cutmix, EMA, 8
   * emulated devices), a few steps on the fixture with a narrow model.
   */
  @Test
  void v2RecipeTrainsAFewStepsOnTheFixture() throws Exception {
    // 270 training images: torchvision's RASampler keeps floor(270 / 256) x 256 / 8 = 32 per device
    Path root = fixture(100);
    RecipeSpec spec = SpecLoader.load(Path.of("..", "recipes", "imagenet-resnet50-v2.yaml"), List.of(
        "data.imageFolder.root=" + root,
        "data.split.valFraction=0.1",
        "data.shardSize=64",
        "model.width=4",
        "training.epochs=2",
        "training.batchSize=16",
        "training.schedule.warmupEpochs=1",
        // a few steps from scratch on noise images: the shipped rate (0.5) can overflow, and this
        // test is about the recipe's machinery, not its rate
        "training.optimizer.lr=0.001",
        "training.loaderThreads=2",
        "training.checkpointEverySteps=1",
        "training.logEvery=1",
        "evaluation.batchSize=8"));
    RunDirectory run = RunDirectory.of(tmp.resolve("run-v2")).create();
    CodeInfo code = CodeInfo.of(tmp, "test", "test");
    new PrepareStage().run(new StageContext(spec, run, code));
    StageRecord rec = new TrainStage().run(new StageContext(spec, run, code));

    assertEquals(StageRecord.OK, rec.status());
    assertEquals(128, rec.params().get("globalBatch"));
    assertEquals(2, rec.params().get("stepsPerEpoch"), "32 kept per device, 16 per micro-batch");
    ModelDescriptor d = ModelDescriptor.read(run.model());
    assertEquals(224, d.inputHeight(), "evaluated at the 224 center crop (trained at 176)");
    assertTrue(java.nio.file.Files.isRegularFile(run.rawWeightsModel().resolve("model.json")),
        "the EMA is the model, the raw weights are kept next to it");
    Map<?, ?> last = (Map<?, ?>) rec.metrics().get("last");
    assertEquals(2, last.get("epoch"));
    assertTrue(java.nio.file.Files.readString(run.trainMetrics()).contains("valTop1Ema"));
  }

  @Test
  void runsOnATinyImagenetLayoutWithOverrides() throws Exception {
    Path root = fixture(12);
    RecipeSpec spec = SpecLoader.load(RECIPE, List.of(
        "data.imageFolder.root=" + root,
        "data.split.valFraction=0.25",
        "data.shardSize=16",
        "model.width=4",
        "training.epochs=2",
        "training.batchSize=2",
        "training.augment=[{name: random-resized-crop, size: 32}, {name: horizontal-flip}]",
        "training.preprocess.resize=36",
        "training.preprocess.crop=32",
        "training.schedule.stepSize=1",
        "training.loaderThreads=2",
        "training.checkpointEverySteps=1",
        "training.logEvery=1",
        // 2 images per BatchNorm: at the shipped 0.1 the second step's loss overflowed to NaN in
        // one CI run of two on this machine
        "training.optimizer.lr=0.001",
        "evaluation.batchSize=8"));
    RunDirectory run = RunDirectory.of(tmp.resolve("run")).create();
    CodeInfo code = CodeInfo.of(tmp, "test", "test");
    new PrepareStage().run(new StageContext(spec, run, code));
    StageRecord rec = new TrainStage().run(new StageContext(spec, run, code));

    assertEquals(StageRecord.OK, rec.status());
    assertEquals(16, rec.params().get("globalBatch"));
    assertEquals(8, ((List<?>) rec.params().get("devices")).size());
    assertEquals(Boolean.TRUE, rec.params().get("devicesEmulated"));
    assertTrue(rec.warnings().stream().anyMatch(w -> w.contains("run concurrently on the CPU")));
    ModelDescriptor d = ModelDescriptor.read(run.model());
    assertEquals(50, d.config().depth());
    assertEquals(3, d.config().numClasses());
    assertEquals(32, d.inputHeight());
    Map<?, ?> last = (Map<?, ?>) rec.metrics().get("last");
    assertEquals(2, last.get("epoch"));
    assertTrue(last.containsKey("valTop1"));
  }
}
