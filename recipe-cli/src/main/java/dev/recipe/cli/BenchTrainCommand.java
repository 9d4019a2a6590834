package dev.recipe.cli;

import dev.recipe.core.io.Json;
import dev.recipe.core.spec.TrainingSpec.MemoryFormat;
import dev.recipe.core.spec.TrainingSpec.Precision;
import dev.recipe.train.bench.TrainBenchmark;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recipe bench train}: training images/s of a ResNet on DJL's PyTorch engine (CPU). */
@Command(
    header = "Training throughput (images/s) of a ResNet on synthetic data.",
    name = "train",
    description = {
      "Measure training throughput of a ResNet on synthetic data, after warm-up, on DJL's PyTorch "
          + "engine (CPU): the training stage's own step (forward, cross-entropy, backward, "
          + "momentum-SGD update), in the precision and memory format asked for, on --devices "
          + "emulated devices (one thread each; the batch is split into equal shards).",
      "Prints images/s and optionally writes JSON with hardware, software, thread and malloc "
          + "settings.",
      "Compare with scripts/bench_train_pytorch.py (eager PyTorch, same options), or run both in "
          + "alternation with scripts/bench_train_compare.sh."
    },
    mixinStandardHelpOptions = true)
public final class BenchTrainCommand implements Callable<Integer> {
  @Mixin ArchitectureOptions arch;

  @Option(names = "--batch", defaultValue = "32", description = "Batch size (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--steps", defaultValue = "20", description = "Timed steps (default ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--warmup", defaultValue = "3", description = "Untimed warm-up steps (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--threads", description = "Intra-op threads (default: available processors).")
  Integer threads;

  @Option(names = "--interop-threads", defaultValue = "1", description = "Inter-op threads (default ${DEFAULT-VALUE}).")
  int interopThreads;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of weights and data (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--precision", defaultValue = "fp32", converter = SpecValueConverter.PrecisionValue.class,
      description = "fp32, or fp16 (float16 weight copies, float32 masters, dynamic loss scaling); "
          + "bf16 is refused (DJL 0.36 has no bfloat16 type). Default ${DEFAULT-VALUE}.")
  Precision precision;

  @Option(names = "--memory-format", defaultValue = "channelsLast",
      converter = SpecValueConverter.MemoryFormatValue.class,
      description = "channelsLast (NHWC strides, what training uses by default) or contiguous (NCHW). "
          + "Default ${DEFAULT-VALUE}.")
  MemoryFormat memoryFormat;

  @Option(names = "--devices", defaultValue = "1",
      description = "Shards per step, each on its own emulated device and thread (default ${DEFAULT-VALUE}); "
          + "the JSON then also gives the scaling efficiency against one device measured in the same run.")
  int devices;

  @Option(names = "--out", paramLabel = "FILE.json", description = "Also write the result here.")
  Path out;

  @Option(names = "--profile", paramLabel = "TRACE.json",
      description = "Also write a PyTorch profiler trace of the timed steps (Chrome trace format: "
          + "chrome://tracing or Perfetto; per-op times with input shapes). Slows the steps it records.")
  Path profile;

  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Override
  public Integer call() {
    int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    var options = new TrainBenchmark.Options(
        arch.config(), arch.imageSize(), batch, steps, warmup, t,
        interopThreads, seed, profile, precision, memoryFormat, devices);
    if (out != null) {
      // fail before minutes of measuring, not after
      dev.recipe.core.io.AtomicFiles.checkWritable(out);
    }
    TrainBenchmark.configureThreads(t, interopThreads);
    TrainBenchmark.Result r = TrainBenchmark.run(options);
    if (out != null) {
      Json.write(out, r);
    }
    PrintWriter w = command.commandLine().getOut();
    w.print(r.summary());
    w.flush();
    return ExitCodes.OK;
  }
}
