package dev.recipe.cli;

import dev.recipe.api.Invocation;
import dev.recipe.core.record.StageRecord;
import dev.recipe.core.run.RunDirectory;
import dev.recipe.core.stage.StageContext;
import dev.recipe.pipeline.Pipeline;
import dev.recipe.serialize.ExportResult;
import dev.recipe.serialize.ExportStage;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recipe export RUN_DIR [--format onnx|safetensors]}. */
@Command(
    header = "Export ONNX (checked against ONNX Runtime) and torchvision-named safetensors.",
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Export the run's trained model: RUN_DIR/export/model.onnx (opset export.opset, dynamic batch,",
      "input 'input', output 'logits', provenance in metadata_props) after a parity check of ONNX",
      "Runtime against DJL on export.paritySamples test images (max |logit diff| <= export.parityTolerance",
      "and 100% top-1 agreement), and RUN_DIR/export/model.safetensors (torchvision names).",
      "Exit code 1 when the parity check fails (no model.onnx is written then)."
    })
public final class ExportCommand implements Callable<Integer> {
  @Mixin SpecOptions options;

  @Option(names = "--format", split = ",", paramLabel = "onnx|safetensors",
      description = "Formats to write (default: export.formats of the spec, both).")
  List<String> formats;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    StageContext ctx = options.stageContext("export",
        formats == null ? List.of() : List.of("--format", String.join(",", formats)), false);
    RunDirectory run = ctx.run();
    StageRecord rec = Pipeline.runLocked(new ExportStage(formats == null ? null
        : formats.stream().map(ExportStage.Format::of).toList()), ctx);
    PrintWriter out = spec.commandLine().getOut();
    ExportResult.Metrics m = rec.result(ExportResult.class).metrics();
    if (m.onnx() != null) {
      out.printf("onnx: %s (%d bytes, sha256 %s, opset %d, ONNX Runtime %s)%n",
          Invocation.displayPath(run.onnxModel()), m.onnx().sizeBytes(), m.onnx().sha256(),
          m.onnx().opset(), m.onnx().onnxRuntimeVersion());
      out.printf("parity: %s%n", m.parity());
    }
    if (m.safetensors() != null) {
      out.printf("safetensors: %s (%d bytes, sha256 %s)%n", Invocation.displayPath(run.safetensorsExport()),
          m.safetensors().sizeBytes(), m.safetensors().sha256());
    }
    out.flush();
    return ExitCodes.OK;
  }
}
