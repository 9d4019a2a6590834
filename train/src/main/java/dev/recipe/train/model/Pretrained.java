package dev.recipe.train.model;

import ai.djl.Model;
import dev.recipe.core.RecipeException;
import dev.recipe.core.io.Hashing;
import dev.recipe.core.run.RunDirectory;
import dev.recipe.model.ModelDescriptor;
import dev.recipe.model.ParamDef;
import dev.recipe.model.PthFile;
import dev.recipe.model.ResNetConfig;
import dev.recipe.model.SafeTensors;
import dev.recipe.model.StateDict;
import dev.recipe.model.StateDictCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Pretrained weights for fine-tuning: a safetensors file or a PyTorch {@code .pth}/{@code .pt}
 * state dict with torchvision names (torchvision's and timm's published files), a model directory, a run directory of this pipeline ({@code model/}, else
 * its newest checkpoint), or a checkpoint directory. When the class count differs, or when asked,
 * the head ({@code fc.*}) is not loaded ("head replaced") and keeps the target model's fresh
 * initialization. Any other missing key, unexpected key or shape mismatch is a bad-input error that
 * lists them all.
 */
public final class Pretrained {
  private Pretrained() {}

  /**
   * What was loaded.
   *
   * @param source what the user named
   * @param weightsFile the safetensors file read
   * @param sha256 its SHA-256
   * @param loaded tensors taken from the file, in state-dict order
   * @param replaced tensors kept from the target's initialization (the head when replaced)
   * @param headReplaced whether {@code fc.*} was replaced
   * @param reason why the head was replaced (null when it was not)
   * @param ignored entries of the file not used ({@code num_batches_tracked}, the old head)
   */
  public record Report(
      Path source, Path weightsFile, String sha256, List<String> loaded, List<String> replaced,
      boolean headReplaced, String reason, List<String> ignored) {

    /** One line for logs and stage records. */
    public String summary() {
      return "loaded " + loaded.size() + " tensors from " + weightsFile
          + (headReplaced ? "; head replaced (" + reason + ")" : "; head loaded");
    }
  }

  /**
   * Reads the pretrained tensors for a target configuration.
   *
   * @param weights the tensors to load (the head only when it is not replaced)
   * @param report what was loaded and replaced
   */
  public record Loaded(StateDict weights, Report report) {}

  /** The safetensors file a source names (see the class comment). */
  public static Path resolve(Path source) {
    if (Files.isRegularFile(source)) {
      return source;
    }
    if (!Files.isDirectory(source)) {
      throw RecipeException.badInput("pretrained weights " + source + " do not exist");
    }
    for (Path p : List.of(source.resolve(ModelDescriptor.WEIGHTS_FILE),
        RunDirectory.of(source).model().resolve(ModelDescriptor.WEIGHTS_FILE))) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return newestCheckpoint(RunDirectory.of(source).checkpoints()).orElseThrow(() -> RecipeException.badInput(
        "pretrained source " + source + " has no weights.safetensors, model/weights.safetensors or "
            + "checkpoints/*/weights.safetensors"));
  }

  private static Optional<Path> newestCheckpoint(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> s = Files.list(dir)) {
      // checkpoint directories are named with zero-padded numbers: name order is age order
      return s.map(d -> d.resolve(ModelDescriptor.WEIGHTS_FILE)).filter(Files::isRegularFile)
          .max(Comparator.comparing(p -> p.getParent().getFileName().toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /**
   * The tensors of {@code source} that fit {@code target}.
   *
   * @param replaceHead replace the head even when the class counts agree
   */
  public static Loaded load(Path source, ResNetConfig target, boolean replaceHead) {
    Path file = resolve(source);
    SafeTensors.Contents contents = PthFile.isPth(file) ? PthFile.read(file) : SafeTensors.readContents(file);
    StateDict src = contents.tensors();
    List<ParamDef> expected = target.parameters();
    String reason = null;
    if (replaceHead) {
      reason = "requested";
    } else if (!src.contains("fc.weight")) {
      reason = "the source has no fc.weight";
    } else {
      long[] want = new long[] {target.numClasses(), target.featureChannels()};
      if (!src.get("fc.weight").sameShape(want)) {
        reason = "source head " + src.get("fc.weight").shapeString() + ", target has "
            + target.numClasses() + " classes";
      }
    }
    boolean headReplaced = reason != null;
    List<ParamDef> wanted = headReplaced ? expected.stream().filter(p -> !p.isHead()).toList() : expected;
    StateDict body = headReplaced ? src.filter(n -> !n.startsWith("fc.")) : src;
    List<String> problems = StateDictCheck.keyProblems(wanted, body);
    if (!problems.isEmpty()) {
      throw RecipeException.badInput("pretrained weights " + file + " do not fit " + target.displayName()
          + (headReplaced ? " (head replaced: " + reason + ")" : "") + ":\n  " + String.join("\n  ", problems));
    }
    List<String> ignored = new ArrayList<>(contents.ignored());
    src.names().stream().filter(n -> !body.contains(n)).forEach(ignored::add);
    List<String> loaded = wanted.stream().map(ParamDef::name).toList();
    List<String> replaced = expected.stream().filter(p -> !loaded.contains(p.name())).map(ParamDef::name).toList();
    Report report = new Report(source, file, Hashing.sha256(file), loaded, replaced, headReplaced, reason,
        List.copyOf(ignored));
    return new Loaded(body.filter(loaded::contains), report);
  }

  /**
   * Loads {@code source} into a model built by {@link ResNets}: the loaded tensors overwrite the
   * model's, a replaced head keeps its current (freshly initialized) values.
   */
  public static Report apply(Model model, Path source, boolean replaceHead) {
    ResNetBlock block = ResNets.block(model);
    Loaded l = load(source, block.config(), replaceHead);
    StateDict merged = ResNets.stateDict(block).with(l.weights());
    ResNets.setStateDict(block, merged, l.report().weightsFile().toString());
    return l.report();
  }
}
