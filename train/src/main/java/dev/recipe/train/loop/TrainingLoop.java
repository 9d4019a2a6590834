package dev.recipe.train.loop;

import dev.recipe.core.record.DynamicsLine;

import ai.djl.Device;
import dev.recipe.core.stage.EpochObserver;
import dev.recipe.core.RecipeException;
import dev.recipe.core.progress.Progress;
import dev.recipe.core.spec.TrainingSpec;
import dev.recipe.train.checkpoint.Checkpoints;
import dev.recipe.train.checkpoint.TrainState;
import dev.recipe.train.checkpoint.TrainState.EpochSums;
import dev.recipe.train.checkpoint.TrainState.LossScale;
import dev.recipe.train.data.BatchLoader;
import dev.recipe.train.data.BatchMix;
import dev.recipe.train.data.EpochOrder;
import dev.recipe.train.data.HostBatch;
import dev.recipe.train.optim.SgdOptimizer;
import dev.recipe.train.schedule.LrSchedule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import me.tongfei.progressbar.ProgressBar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains an initialized block: epochs of deterministic batches, one {@link DataParallelStep} per
 * optimizer step, validation after every epoch, the dynamics log, checkpoints and exact resume.
 * Knows nothing about ResNets: the caller supplies the block and its named parameters.
 */
public final class TrainingLoop {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);

  private final TrainingLoopBuilder b;

  TrainingLoop(TrainingLoopBuilder b) {
    this.b = b;
  }

  public static TrainingLoopBuilder builder() {
    return new TrainingLoopBuilder();
  }

  /**
   * What a run did.
   *
   * @param stepsPerEpoch optimizer steps per epoch
   * @param globalStep optimizer steps done in total
   * @param history the epoch lines of the dynamics log (every finished epoch, resumed ones too)
   * @param resumedFrom the checkpoint the run continued from, or null
   * @param stopped true when stopped by {@code optStopAfterSteps} (a simulated crash)
   * @param seconds wall time of this invocation's training
   * @param samples images trained on in this invocation
   * @param dataSeconds time the training thread waited for batches
   * @param computeSeconds time spent in forward/backward/update
   * @param lastCheckpoint the latest checkpoint written or restored
   */
  public record Result(
      int stepsPerEpoch, long globalStep, List<DynamicsLine> history, String resumedFrom,
      boolean stopped, double seconds, long samples, double dataSeconds, double computeSeconds,
      Path lastCheckpoint) {

    /** Training images per second over this invocation (wall time, data waits included). */
    public double imagesPerSecond() {
      return seconds > 0 ? samples / seconds : 0;
    }
  }

  /** Runs (or resumes) training to the spec's last epoch. */
  public Result run() {
    TrainingSpec spec = b.spec;
    int global = spec.globalBatch();
    int stepsPerEpoch = stepsPerEpoch(spec, b.train.size());
    LrSchedule schedule = LrSchedule.of(spec, stepsPerEpoch);
    Checkpoints checkpoints = new Checkpoints(b.checkpointDir);
    Device[] devices = b.devices == null ? repeat(b.manager.getDevice(), spec.devices()) : b.devices;

    try (SgdOptimizer optimizer = new SgdOptimizer(b.manager, b.slots, spec.optimizer().momentum(),
            spec.optimizer().nesterov());
        DataParallelStep step = DataParallelStep.builder()
            .setModel(b.manager, b.block, optimizer)
            .setDevices(devices)
            .optAccumulate(spec.accumulate())
            .optLabelSmoothing(spec.labelSmoothing())
            .optMemoryFormat(spec.memoryFormat())
            .optPrecision(spec.precision())
            .optClipGradNorm(spec.clipGradNorm())
            .optShardStarted(b.shardStarted)
            .build()) {
      TrainState state = new TrainState(0, 0, 0, stepsPerEpoch, b.seed, b.configSha256, null, null);
      Path resumedFrom = null;
      if (b.resume) {
        Optional<Path> latest = checkpoints.newestIntact(b.resumeIntact);
        if (latest.isPresent()) {
          resumedFrom = latest.get();
          TrainState saved = Checkpoints.readState(resumedFrom);
          checkResumable(saved, state, resumedFrom);
          state = Checkpoints.restore(resumedFrom, b.block, optimizer);
          if (b.average != null) {
            b.average.restore(resumedFrom);
          }
          step.mastersChanged();
          step.restoreLossScale(state.lossScale());
          LOG.info("resuming from {} (epoch {}, step {} of {}, optimizer step {})", resumedFrom,
              state.epoch() + 1, state.stepInEpoch(), stepsPerEpoch, state.globalStep());
        } else {
          LOG.warn("--resume: no checkpoint in {}, starting from the beginning", b.checkpointDir);
        }
      }
      if (resumedFrom == null) {
        checkpoints.clear();
      }
      try (DynamicsLog log = resumedFrom == null
              ? DynamicsLog.create(b.metricsFile)
              : DynamicsLog.resume(b.metricsFile, state.globalStep(), state.epoch());
          ProgressBar bar = Progress.bar("train", (long) spec.epochs() * stepsPerEpoch, "step")) {
        bar.stepTo(state.globalStep());
        return new Run(spec, schedule, checkpoints, optimizer, step, log, bar, stepsPerEpoch, global)
            .go(state, resumedFrom);
      }
    }
  }

  private void checkResumable(TrainState saved, TrainState now, Path from) {
    if (!Objects.equals(saved.configSha256(), now.configSha256()) || saved.seed() != now.seed()) {
      throw RecipeException.badInput("cannot resume from " + from + ": it was made with another "
          + "model/training spec or seed (config " + saved.configSha256() + ", seed " + saved.seed()
          + "; now " + now.configSha256() + ", seed " + now.seed() + ")");
    }
    if (saved.stepsPerEpoch() != now.stepsPerEpoch()) {
      throw RecipeException.badInput("cannot resume from " + from + ": it has "
          + saved.stepsPerEpoch() + " steps per epoch, the data now gives " + now.stepsPerEpoch());
    }
  }

  /** Optimizer steps per epoch ({@link EpochOrder#stepsPerEpoch}). */
  public static int stepsPerEpoch(TrainingSpec spec, int trainSamples) {
    return EpochOrder.stepsPerEpoch(spec, trainSamples);
  }

  private static Device[] repeat(Device d, int n) {
    Device[] out = new Device[n];
    java.util.Arrays.fill(out, d);
    return out;
  }

  /** The mutable part of one invocation. */
  private final class Run {
    final TrainingSpec spec;
    final LrSchedule schedule;
    final Checkpoints checkpoints;
    final SgdOptimizer optimizer;
    final DataParallelStep step;
    final DynamicsLog log;
    final ProgressBar bar;
    final int stepsPerEpoch;
    final int global;
    final long start = System.nanoTime();
    final BatchMix mix;
    long samples;
    double dataSeconds;
    double computeSeconds;
    Path lastCheckpoint;

    Run(TrainingSpec spec, LrSchedule schedule, Checkpoints checkpoints, SgdOptimizer optimizer,
        DataParallelStep step, DynamicsLog log, ProgressBar bar, int stepsPerEpoch, int global) {
      this.spec = spec;
      this.schedule = schedule;
      this.checkpoints = checkpoints;
      this.optimizer = optimizer;
      this.step = step;
      this.log = log;
      this.bar = bar;
      this.stepsPerEpoch = stepsPerEpoch;
      this.global = global;
      this.mix = spec.mixesBatches()
          ? new BatchMix(spec.mixupAlpha(), spec.cutmixAlpha(), b.classes, spec.batchSize())
          : null;
    }

    Result go(TrainState state, Path resumedFrom) {
      lastCheckpoint = resumedFrom;
      long globalStep = state.globalStep();
      List<DynamicsLine> history = new ArrayList<>(state.history());
      for (int epoch = state.epoch(); epoch < spec.epochs(); epoch++) {
        boolean continuing = epoch == state.epoch();
        int first = continuing ? state.stepInEpoch() : 0;
        EpochSums sums = continuing ? state.epochSums() : EpochSums.ZERO;
        long epochStart = System.nanoTime();
        double epochData = 0;
        double epochCompute = 0;
        long epochSamples = 0;
        long epochSkipped = 0;
        StepWindow window = new StepWindow();
        double lr = schedule.lr(globalStep);
        try (BatchLoader loader = new BatchLoader(b.train, b.trainTransform, b.seed, epoch,
            EpochOrder.of(spec, b.train.size(), b.seed, epoch), global, first, stepsPerEpoch,
            spec.loaderThreads(), 2 * spec.loaderThreads())) {
          for (int s = first; s < stepsPerEpoch; s++) {
            double waited = loader.waitSeconds();
            HostBatch batch = loader.next();
            if (mix != null) {
              batch = mix.apply(batch, b.seed, epoch, s);
            }
            double data = loader.waitSeconds() - waited;
            lr = schedule.lr(globalStep);
            long t0 = System.nanoTime();
            DataParallelStep.StepStats st = step.run(batch, lr);
            double compute = (System.nanoTime() - t0) / 1e9;
            if (!st.skipped() && !Double.isFinite(st.loss())) {
              throw new DivergedException(globalStep + 1, epoch + 1, st.loss(),
                  lastCheckpoint == null ? null : lastCheckpoint.toString());
            }
            globalStep++;
            if (b.average != null && s % spec.ema().steps() == 0) {
              // torchvision: after the step, on the epoch's step index; copies during warmup
              b.average.update();
              if (epoch < spec.schedule().warmupEpochs()) {
                b.average.reset();
              }
            }
            if (st.skipped()) {
              // float16 overflow: no update; counted, and kept out of the loss and accuracy means
              epochSkipped++;
            } else {
              sums = sums.add(st.loss(), st.correct(), st.samples());
            }
            window.add(st, data, compute);
            epochData += data;
            epochCompute += compute;
            epochSamples += st.samples();
            samples += st.samples();
            dataSeconds += data;
            computeSeconds += compute;
            bar.step();
            bar.setExtraMessage(String.format(" epoch %d/%d loss %.4f %.0f img/s", epoch + 1,
                spec.epochs(), st.loss(), window.imagesPerSecond()));
            if (globalStep % spec.logEvery() == 0) {
              log.write(window.line(epoch + 1, globalStep, lr));
              window = new StepWindow();
            }
            if (b.stopAfterSteps != null && globalStep >= b.stopAfterSteps) {
              LOG.warn("stopping after optimizer step {} without a checkpoint (simulated crash)",
                  globalStep);
              return result(globalStep, history, resumedFrom, true);
            }
            if (b.checkpointEverySteps != null && globalStep % b.checkpointEverySteps == 0
                && s + 1 < stepsPerEpoch) {
              save(new TrainState(epoch, s + 1, globalStep, stepsPerEpoch, b.seed, b.configSha256,
                  sums, history));
            }
          }
        }
        double[] v = null;
        double[] e = null;
        if (b.val != null && b.val.size() > 0) {
          v = Validation.run(b.block, b.manager, b.val, b.valTransform, b.seed, b.valBatchSize,
              spec.loaderThreads());
          if (b.average != null) {
            e = b.average.withAverageLoaded(() -> Validation.run(b.block, b.manager,
                b.val, b.valTransform, b.seed, b.valBatchSize, spec.loaderThreads()));
          }
        }
        boolean fp16 = spec.precision() == TrainingSpec.Precision.FP16;
        LossScale ls = fp16 ? step.lossScale() : null;
        double epochSeconds = (System.nanoTime() - epochStart) / 1e9;
        DynamicsLine line = new DynamicsLine(DynamicsLine.Kind.EPOCH, epoch + 1, globalStep,
            sums.samples() == 0 ? null : sums.lossSum() / sums.samples(), lr,
            sums.samples() == 0 ? null : sums.correct() / (double) sums.samples(),
            fp16 ? ls.scale() : null, fp16 ? (Long) epochSkipped : null, fp16 ? (Long) ls.skippedSteps() : null,
            v == null ? null : v[0], v == null ? null : v[1], v == null ? null : v[2],
            e == null ? null : e[0], e == null ? null : e[1], e == null ? null : e[2],
            epochSamples / Math.max(1e-9, epochData + epochCompute), epochData, epochCompute,
            epochSeconds);
        log.write(line);
        history.add(line);
        LOG.info("epoch {}/{}: loss {} train top-1 {} val loss {} val top-1 {} ({} s)", epoch + 1,
            spec.epochs(), fmt(line.loss()), fmt(line.trainTop1()),
            fmt(line.valLoss()), fmt(line.valTop1()), fmt(epochSeconds));
        boolean last = epoch + 1 == spec.epochs();
        boolean stop = b.epochObserver.epochEnded(line) == EpochObserver.Decision.STOP;
        if ((epoch + 1) % spec.checkpointEvery() == 0 || last || stop) {
          save(new TrainState(epoch + 1, 0, globalStep, stepsPerEpoch, b.seed, b.configSha256,
              null, history));
        }
        if (stop && !last) {
          throw new StoppedException(epoch + 1);
        }
      }
      return result(globalStep, history, resumedFrom, false);
    }

    private void save(TrainState s) {
      java.util.function.Consumer<Path> extra = dir -> {
        if (b.checkpointExtra != null) {
          b.checkpointExtra.accept(dir);
        }
        if (b.average != null) {
          b.average.write(dir);
        }
      };
      lastCheckpoint = checkpoints.write(b.block, optimizer, s.withLossScale(step.lossScale()), extra);
      checkpoints.pruneSteps(lastCheckpoint);
      LOG.debug("checkpoint {}", lastCheckpoint);
    }

    private Result result(long globalStep, List<DynamicsLine> history, Path resumedFrom,
        boolean stopped) {
      return new Result(stepsPerEpoch, globalStep, List.copyOf(history),
          resumedFrom == null ? null : resumedFrom.toString(), stopped,
          (System.nanoTime() - start) / 1e9, samples, dataSeconds, computeSeconds, lastCheckpoint);
    }
  }

  private static String fmt(Object v) {
    return v instanceof Double d ? String.format("%.4f", d) : String.valueOf(v);
  }
}
