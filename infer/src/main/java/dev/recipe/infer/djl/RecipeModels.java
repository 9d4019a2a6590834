package dev.recipe.infer.djl;

import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.transform.CenterCrop;
import ai.djl.modality.cv.transform.ResizeShort;
import ai.djl.modality.cv.transform.ToTensor;
import ai.djl.modality.cv.translator.ImageClassificationTranslator;
import ai.djl.repository.zoo.Criteria;
import ai.djl.translate.Pipeline;
import dev.recipe.core.RecipeException;
import dev.recipe.core.run.RunDirectory;
import dev.recipe.data.Preprocessing;
import dev.recipe.deploy.ModelLocation;
import dev.recipe.model.ModelDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A trained run as a DJL model: {@code RecipeModels.criteria(run).loadModel()} gives a
 * {@code ZooModel<Image, Classifications>} like any model from DJL's zoo.
 *
 * <pre>{@code
 * try (ZooModel<Image, Classifications> model = RecipeModels.criteria(Path.of("runs/fashion-mnist-quickstart")).loadModel();
 *     Predictor<Image, Classifications> predictor = model.newPredictor()) {
 *   Classifications c = predictor.predict(ImageFactory.getInstance().fromFile(Path.of("shirt.png")));
 * }
 * }</pre>
 *
 * The translator is DJL's {@link ImageClassificationTranslator} with the recorded preprocessing
 * (shorter side resized with bilinear interpolation and a center crop when the model has them,
 * then ToTensor and a per-channel normalization with the training statistics; gray input for 1-channel models) and
 * the class names as synset, softmax applied. DJL's resize is its own implementation, so for a
 * model with a resize step probabilities can differ slightly from {@code recipe infer}'s; without
 * one (Fashion-MNIST) the input tensors are the same.
 */
public final class RecipeModels {
  private RecipeModels() {}

  /** The criteria for a run directory (its {@code model/}) or a model directory. */
  public static Criteria<Image, Classifications> criteria(Path runOrModelDir) {
    Path dir = Files.isRegularFile(runOrModelDir.resolve(ModelDescriptor.FILE_NAME))
        ? runOrModelDir : RunDirectory.of(runOrModelDir).model();
    if (!Files.isRegularFile(dir.resolve(ModelDescriptor.FILE_NAME))) {
      throw RecipeException.badInput(runOrModelDir + " is neither a run directory nor a model directory"
          + " (no model/model.json or model.json)");
    }
    ModelDescriptor d = ModelDescriptor.read(dir);
    Preprocessing pre = ModelLocation.preprocessing(d);
    Pipeline pipeline = new Pipeline();
    if (pre.resize() != null) {
      pipeline.add(new ResizeShort(pre.resize(), -1, pre.interpolation() == Preprocessing.Interpolation.NEAREST
          ? Image.Interpolation.NEAREST : Image.Interpolation.BILINEAR));
    }
    if (pre.crop() != null) {
      pipeline.add(new CenterCrop(pre.crop(), pre.crop()));
    }
    pipeline.add(new ToTensor());
    pipeline.add(ChannelNormalize.of(pre.mean(), pre.std()));
    ImageClassificationTranslator translator = ImageClassificationTranslator.builder()
        .setPipeline(pipeline)
        .optSynset(d.classNames())
        .optApplySoftmax(true)
        .optFlag(d.config().inputChannels() == 1 ? Image.Flag.GRAYSCALE : Image.Flag.COLOR)
        .build();
    return Criteria.builder()
        .setTypes(Image.class, Classifications.class)
        .optModelPath(dir)
        .optEngine("PyTorch")
        .optArgument("blockFactory", new RecipeBlockFactory())
        .optOption("hasParameter", "false")
        .optTranslator(translator)
        .build();
  }

}
