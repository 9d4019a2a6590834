package dev.recipe.infer;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.recipe.core.RecipeException;
import dev.recipe.data.ImageDecoding;
import dev.recipe.data.RasterImage;
import dev.recipe.deploy.Backend;
import dev.recipe.deploy.ClassScore;
import dev.recipe.deploy.Classifier;
import dev.recipe.deploy.Prediction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Predictions for image files with one model, what {@code recipe infer} prints: each image decoded
 * and fitted by the model's evaluation preprocessing. An image that cannot be read is reported
 * with its reason and the others are still predicted.
 */
public final class ImagePredictions {
  private ImagePredictions() {}

  /**
   * One image's outcome.
   *
   * @param top its best classes, best first (null when it failed)
   * @param note how an image of another size was fitted to the model's input (null when it fits)
   * @param error why it could not be predicted (null when it was)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Result(String image, List<ClassScore> top, String note, String error) {

    /** The console form of a predicted image: its name (and fit note), then a line per class. */
    public String text() {
      StringBuilder b = new StringBuilder(image).append(note == null ? "" : "  (" + note + ")").append('\n');
      for (ClassScore c : top) {
        b.append(String.format(java.util.Locale.ROOT, "  %-24s %.4f%n", c.name(), c.probability()));
      }
      return b.toString();
    }
  }

  /** The {@code top} best classes of each image, in order. */
  public static List<Result> predict(Path model, Backend backend, List<Path> images, int top) {
    if (top < 1) {
      throw RecipeException.badInput("--top must be at least 1, got " + top);
    }
    List<Result> results = new ArrayList<>();
    try (Classifier c = Classifiers.open(model, backend, 0)) {
      for (Path img : images) {
        try {
          RasterImage decoded = ImageDecoding.decode(img);
          Prediction p;
          try {
            p = c.predict(decoded);
          } catch (RecipeException e) {
            throw new RecipeException(e.exitCode(), img + ": " + e.getMessage(), e);
          }
          String note = c.fitsDirectly(decoded) ? null : String.format(
              "%dx%d image fitted to the model's %dx%d input as evaluation preprocessing fits images:"
                  + " shorter side resized to %d, center crop", decoded.width(), decoded.height(),
              c.inputShape()[2], c.inputShape()[1], c.inputShape()[1]);
          results.add(new Result(img.toString(), p.top().subList(0, Math.min(top, p.top().size())), note, null));
        } catch (RecipeException e) {
          results.add(new Result(img.toString(), null, null, e.getMessage()));
        }
      }
    }
    return results;
  }
}
