package dev.recipe.model;

import dev.recipe.core.RecipeException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The weight-file formats read and written, chosen by file extension: {@code .safetensors} and
 * PyTorch's {@code .pth}/{@code .pt} state dicts, both with torchvision's tensor names.
 */
public final class WeightFormats {
  private WeightFormats() {}

  /** A converted file: how many tensors, and the entries set aside (num_batches_tracked). */
  public record Converted(int tensors, long elements, java.util.List<String> ignored) {}

  public static SafeTensors.Contents read(Path file) {
    return switch (kind(file, "input")) {
      case "pth" -> PthFile.read(file);
      default -> SafeTensors.readContents(file);
    };
  }

  public static void write(Path file, StateDict tensors) {
    switch (kind(file, "output")) {
      case "pth" -> PthFile.write(file, tensors);
      default -> SafeTensors.write(file, tensors);
    }
  }

  /** Reads {@code in} and writes its tensors to {@code out}, each in the format its extension names. */
  public static Converted convert(Path in, Path out) {
    kind(out, "output"); // before reading a large input
    SafeTensors.Contents c = read(in);
    write(out, c.tensors());
    long elements = c.tensors().names().stream().mapToLong(n -> c.tensors().get(n).data().length).sum();
    return new Converted(c.tensors().names().size(), elements, c.ignored());
  }

  private static String kind(Path file, String role) {
    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (n.endsWith(".safetensors")) {
      return "safetensors";
    }
    if (PthFile.isPth(file)) {
      return "pth";
    }
    throw RecipeException.badInput(role + " " + file + ": unknown weight format; use a .safetensors, .pth or .pt file");
  }
}
