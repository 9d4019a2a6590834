package dev.recipe.serialize;

import dev.recipe.deploy.Backend;
import dev.recipe.deploy.BenchReport;
import dev.recipe.deploy.InferenceBench;
import dev.recipe.infer.BackendBench;
import dev.recipe.model.ModelDescriptor;
import dev.recipe.model.RandomModel;
import dev.recipe.model.ResNetConfig;
import dev.recipe.model.ResNetOnnx;
import dev.recipe.model.SafeTensors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code recipe bench infer}: one architecture with random weights, timed in DJL and, exported the
 * way the export stage exports, in ONNX Runtime, on the same machine in one report. Latency does
 * not depend on the weights' values, so no training is needed to compare the runtimes.
 */
public final class RuntimeComparison {
  private RuntimeComparison() {}

  /**
   * Writes the model directory and its {@code model.onnx} under {@code dir}, then times both.
   *
   * @param version the project version, recorded in the ONNX model's metadata
   */
  public static BenchReport run(ResNetConfig config, int imageSize, Path dir, String version,
      InferenceBench.Settings settings, PrintWriter log) throws IOException {
    Path modelDir = dir.resolve(config.displayName() + "-" + imageSize);
    ModelDescriptor d = RandomModel.write(modelDir, config, imageSize,
        Collections.nCopies(config.inputChannels(), 0.5), Collections.nCopies(config.inputChannels(), 0.25), 0L);
    Path onnx = modelDir.resolve(dev.recipe.core.run.RunDirectory.ONNX_FILE);
    Files.write(onnx, ResNetOnnx.toBytes(config, SafeTensors.read(modelDir.resolve(d.weightsFile())),
        imageSize, imageSize, 17, version, ExportStage.metadata(d, null, version, null)));
    log.printf("%s (%,d parameters) at %dx%d, model in %s%n", config.displayName(),
        config.parameterCount(), imageSize, imageSize, modelDir);
    BenchReport djl = BackendBench.report(modelDir, List.of(Backend.DJL), List.of(), settings, log);
    BenchReport ort = BackendBench.report(onnx, List.of(Backend.ONNX), List.of(), settings, log);
    List<InferenceBench.Row> rows = new ArrayList<>(djl.rows());
    rows.addAll(ort.rows());
    return new BenchReport(config.displayName() + " at " + imageSize + "x" + imageSize
        + " (random weights, " + config.parameterCount() + " parameters)", djl.images(), rows,
        djl.hardware(), ort.environment(), "DJL: " + djl.note() + "; ONNX Runtime: " + ort.note());
  }
}
