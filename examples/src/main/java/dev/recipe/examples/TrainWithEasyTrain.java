package dev.recipe.examples;

import ai.djl.Model;
import ai.djl.modality.cv.transform.ToTensor;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingResult;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.recipe.core.run.RunDirectory;
import dev.recipe.core.spec.ModelSpec.Stem;
import dev.recipe.data.Manifest;
import dev.recipe.data.ProcessedDataset;
import dev.recipe.infer.djl.ChannelNormalize;
import dev.recipe.model.ResNetConfig;
import dev.recipe.train.djl.RecipeDataset;
import dev.recipe.train.model.ResNets;
import java.nio.file.Path;

/**
 * Trains a small ResNet with DJL's own {@code Trainer} and {@code EasyTrain} on the shards that
 * {@code recipe prepare} wrote, read through {@link RecipeDataset}.
 *
 * <pre>
 * ./recipe prepare recipes/fashion-mnist-quickstart.yaml
 * java -cp "examples/target/classes:$(cat recipe-cli/target/classpath.txt)" \
 *     dev.recipe.examples.TrainWithEasyTrain runs/fashion-mnist-quickstart 1 200
 * </pre>
 *
 * Arguments: the run directory, epochs (default 1), training images used (default all).
 */
public final class TrainWithEasyTrain {
  private TrainWithEasyTrain() {}

  public static void main(String[] args) throws Exception {
    Path run = Path.of(args.length > 0 ? args[0] : "runs/fashion-mnist-quickstart");
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    long limit = args.length > 2 ? Long.parseLong(args[2]) : Long.MAX_VALUE;
    TrainingResult r = train(run, epochs, limit);
    System.out.printf("after %d epoch(s): train loss %.4f, validation accuracy %.4f%n", epochs,
        r.getTrainLoss(), r.getValidateEvaluation("Accuracy"));
  }

  /** Trains for {@code epochs} on at most {@code limit} training images; validates on the val split. */
  public static TrainingResult train(Path run, int epochs, long limit) throws Exception {
    ai.djl.engine.Engine.getInstance().setRandomSeed(1);
    Manifest m = ProcessedDataset.open(RunDirectory.of(run).data()).manifest();
    // DJL's Normalize assumes 3 channels; ChannelNormalize takes any count (Fashion-MNIST is gray)
    ChannelNormalize normalize = ChannelNormalize.of(m.statistics().mean(), m.statistics().std());
    RecipeDataset train = RecipeDataset.builder().setRunDirectory(run).optSplit("train")
        .addTransform(new ToTensor()).addTransform(normalize)
        .setSampling(32, true).optLimit(limit).build();
    RecipeDataset val = RecipeDataset.builder().setRunDirectory(run).optSplit("val")
        .addTransform(new ToTensor()).addTransform(normalize)
        .setSampling(64, false).optLimit(Math.max(64, limit / 4)).build();
    train.prepare();
    val.prepare();

    ResNetConfig config = new ResNetConfig(18, 4, Stem.SMALL, m.channels(), m.classNames().size(), true);
    DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
        // DJL's sampler shuffles with the engine's generator, seeded above so that the example is
        // repeatable
        .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.05f)).optMomentum(0.9f)
            .optClipGrad(1f).build())
        .addEvaluator(new Accuracy())
        .addTrainingListeners(TrainingListener.Defaults.basic());
    try (Model model = ResNets.newModel(config, 42); Trainer trainer = model.newTrainer(tc)) {
      trainer.initialize(new Shape(1, m.channels(), m.height(), m.width()));
      // the trainer's initialize may give parameters it considers new arrays of its own (seen as
      // an occasional NaN first-batch loss): put the seeded weights and statistics back
      ResNets.setStateDict(model, dev.recipe.model.ResNetInit.initialStateDict(config, 42), "seed 42");
      EasyTrain.fit(trainer, epochs, train, val);
      return trainer.getTrainingResult();
    }
  }
}
