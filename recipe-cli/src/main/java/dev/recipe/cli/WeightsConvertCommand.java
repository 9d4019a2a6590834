package dev.recipe.cli;

import dev.recipe.core.io.Hashing;
import dev.recipe.model.WeightFormats;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code recipe weights convert IN OUT}. */
@Command(
    header = "Convert a state dict between .pth/.pt and .safetensors.",
    name = "convert",
    description = {
      "Convert weights between PyTorch's torch.save zip format (.pth, .pt: torchvision's and timm's",
      "published files) and safetensors, by file extension, keeping torchvision's tensor names.",
      "Floating-point tensors become float32; num_batches_tracked is set aside. The .pth reader",
      "unpickles only what a tensor state dict needs: any other Python global is refused (exit 2),",
      "never executed. The output appears only when complete."
    },
    mixinStandardHelpOptions = true)
public final class WeightsConvertCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "IN", description = "A .pth, .pt or .safetensors file.")
  Path in;

  @Parameters(index = "1", paramLabel = "OUT", description = "The file to write (.pth, .pt or .safetensors).")
  Path out;

  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Override
  public Integer call() throws Exception {
    WeightFormats.Converted[] c = {WeightFormats.convert(in, out)}; // both writers are atomic
    var pw = command.commandLine().getOut();
    pw.printf("%s -> %s: %d tensors, %,d values%s; SHA-256 %s%n", in, out, c[0].tensors(), c[0].elements(),
        c[0].ignored().isEmpty() ? "" : " (set aside: " + c[0].ignored().size() + " num_batches_tracked)",
        Hashing.sha256(out));
    pw.flush();
    return ExitCodes.OK;
  }
}
