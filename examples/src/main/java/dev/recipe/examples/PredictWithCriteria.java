package dev.recipe.examples;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.ZooModel;
import dev.recipe.infer.djl.RecipeModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a trained run the way DJL users load any model (Criteria, ZooModel, Predictor) and
 * classifies images.
 *
 * <pre>
 * java -cp "examples/target/classes:$(cat recipe-cli/target/classpath.txt)" \
 *     dev.recipe.examples.PredictWithCriteria runs/fashion-mnist-quickstart IMAGE.png...
 * </pre>
 */
public final class PredictWithCriteria {
  private PredictWithCriteria() {}

  public static void main(String[] args) throws Exception {
    List<Path> images = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      images.add(Path.of(args[i]));
    }
    List<Classifications> out = predict(Path.of(args[0]), images);
    for (int i = 0; i < images.size(); i++) {
      System.out.println(images.get(i) + ": " + out.get(i).topK(3));
    }
  }

  /** The classifications of each image by the run's model, through DJL's model loading. */
  public static List<Classifications> predict(Path run, List<Path> images) throws Exception {
    List<Classifications> out = new ArrayList<>();
    try (ZooModel<Image, Classifications> model = RecipeModels.criteria(run).loadModel();
        Predictor<Image, Classifications> predictor = model.newPredictor()) {
      for (Path p : images) {
        out.add(predictor.predict(ImageFactory.getInstance().fromFile(p)));
      }
    }
    return out;
  }
}
