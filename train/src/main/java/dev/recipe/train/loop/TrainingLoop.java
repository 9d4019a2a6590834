package dev.recipe.train.loop;

import ai.djl.Device;
import dev.recipe.core.RecipeException;
import dev.recipe.core.progress.Progress;
import dev.recipe.core.record.DynamicsLine;
import dev.recipe.core.spec.TrainingSpec;
import dev.recipe.core.stage.EpochObserver;
import dev.recipe.train.checkpoint.Checkpoints;
import dev.recipe.train.checkpoint.TrainState.EpochSums;
import dev.recipe.train.checkpoint.TrainState.LossScale;
import dev.recipe.train.checkpoint.TrainState;
import dev.recipe.train.data.BatchLoader;
import dev.recipe.train.data.BatchMix;
import dev.recipe.train.data.EpochOrder;
import dev.recipe.train.data.HostBatch;
import dev.recipe.train.loop.TrainingListener.StepEnd;
import dev.recipe.train.optim.SgdOptimizer;
import dev.recipe.train.schedule.LrSchedule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import me.tongfei.progressbar.ProgressBar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains an initialized block: epochs of deterministic batches, one {@link DataParallelStep} per
 * optimizer step ({@code trainOneEpoch}), validation after every epoch ({@code validate}), and exact
 * resume. The dynamics log, progress, checkpoints, the epoch observer and test hooks are
 * {@link TrainingListener}s around it. Knows nothing about ResNets: the caller supplies the block and
 * its named parameters.
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
    final int stepsPerEpoch;
    final int global;
    final long start = System.nanoTime();
    final BatchMix mix;
    final DynamicsLogger dynamics;
    final CheckpointPolicy checkpointPolicy;
    final List<TrainingListener> listeners = new ArrayList<>();
    long globalStep;
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
      this.stepsPerEpoch = stepsPerEpoch;
      this.global = global;
      this.mix = spec.mixesBatches()
          ? new BatchMix(spec.mixupAlpha(), spec.cutmixAlpha(), b.classes, spec.batchSize())
          : null;
      this.dynamics = new DynamicsLogger(log, bar, spec.logEvery(), spec.epochs());
      this.checkpointPolicy = new CheckpointPolicy(b.checkpointEverySteps, spec.checkpointEvery(),
          stepsPerEpoch, b.seed, b.configSha256, this::save);
      // in this order: logging, the test hook, then checkpoints
      listeners.add(dynamics);
      if (b.stopAfterSteps != null) {
        listeners.add(new TrainingListener() {
          @Override
          public void stepEnded(StepEnd e) {
            if (e.globalStep() >= b.stopAfterSteps) {
              throw new SimulatedCrash(e.globalStep());
            }
          }
        });
      }
      listeners.add(checkpointPolicy);
      listeners.add(new TrainingListener() {
        @Override
        public EpochObserver.Decision epochEnded(DynamicsLine line) {
          return b.epochObserver.epochEnded(line);
        }
      });
    }

    Result go(TrainState state, Path resumedFrom) {
      lastCheckpoint = resumedFrom;
      globalStep = state.globalStep();
      List<DynamicsLine> history = new ArrayList<>(state.history());
      try {
        for (int epoch = state.epoch(); epoch < spec.epochs(); epoch++) {
          boolean continuing = epoch == state.epoch();
          long epochStart = System.nanoTime();
          EpochTotals t = trainOneEpoch(epoch, continuing ? state.stepInEpoch() : 0,
              continuing ? state.epochSums() : EpochSums.ZERO, history);
          double[] v = validate();
          double[] e = v == null || b.average == null ? null : b.average.withAverageLoaded(this::validate);
          DynamicsLine line = epochLine(epoch, t, v, e, (System.nanoTime() - epochStart) / 1e9);
          history.add(line);
          boolean stop = false;
          for (TrainingListener l : listeners) {
            stop |= l.epochEnded(line) == EpochObserver.Decision.STOP;
          }
          boolean last = epoch + 1 == spec.epochs();
          checkpointPolicy.epochEnded(epoch + 1, globalStep, history, last, stop);
          if (stop && !last) {
            throw new StoppedException(epoch + 1);
          }
        }
      } catch (SimulatedCrash c) {
        LOG.warn("stopping after optimizer step {} without a checkpoint (simulated crash)", c.step);
        return result(history, resumedFrom, true);
      }
      return result(history, resumedFrom, false);
    }

    /** What one epoch's steps add up to. */
    private record EpochTotals(EpochSums sums, double lr, double data, double compute, long samples,
        long skipped) {}

    /** The optimizer steps {@code first ..} of an epoch, as torchvision's train_one_epoch. */
    private EpochTotals trainOneEpoch(int epoch, int first, EpochSums sums, List<DynamicsLine> history) {
      dynamics.epochStarted();
      double lr = schedule.lr(globalStep);
      double epochData = 0;
      double epochCompute = 0;
      long epochSamples = 0;
      long skipped = 0;
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
            skipped++;
          } else {
            sums = sums.add(st.loss(), st.correct(), st.samples());
          }
          epochData += data;
          epochCompute += compute;
          epochSamples += st.samples();
          samples += st.samples();
          dataSeconds += data;
          computeSeconds += compute;
          StepEnd end = new StepEnd(epoch, s, globalStep, lr, st, data, compute, sums, history);
          listeners.forEach(l -> l.stepEnded(end));
        }
      }
      return new EpochTotals(sums, lr, epochData, epochCompute, epochSamples, skipped);
    }

    /** Loss, top-1 and top-5 on the validation split in evaluation mode, or null without one. */
    private double[] validate() {
      return b.val == null || b.val.size() == 0 ? null
          : Validation.run(b.block, b.manager, b.val, b.valTransform, b.seed, b.valBatchSize,
              spec.loaderThreads());
    }

    private DynamicsLine epochLine(int epoch, EpochTotals t, double[] v, double[] e, double seconds) {
      EpochSums sums = t.sums();
      boolean fp16 = spec.precision() == TrainingSpec.Precision.FP16;
      LossScale ls = fp16 ? step.lossScale() : null;
      return new DynamicsLine(DynamicsLine.Kind.EPOCH, epoch + 1, globalStep,
          sums.samples() == 0 ? null : sums.lossSum() / sums.samples(), t.lr(),
          sums.samples() == 0 ? null : sums.correct() / (double) sums.samples(),
          fp16 ? ls.scale() : null, fp16 ? (Long) t.skipped() : null, fp16 ? (Long) ls.skippedSteps() : null,
          v == null ? null : v[0], v == null ? null : v[1], v == null ? null : v[2],
          e == null ? null : e[0], e == null ? null : e[1], e == null ? null : e[2],
          t.samples() / Math.max(1e-9, t.data() + t.compute()), t.data(), t.compute(), seconds);
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

    private Result result(List<DynamicsLine> history, Path resumedFrom, boolean stopped) {
      return new Result(stepsPerEpoch, globalStep, List.copyOf(history),
          resumedFrom == null ? null : resumedFrom.toString(), stopped,
          (System.nanoTime() - start) / 1e9, samples, dataSeconds, computeSeconds, lastCheckpoint);
    }
  }

  /** The test hook's stop after an optimizer step: no checkpoint, as a crash would leave it. */
  private static final class SimulatedCrash extends RuntimeException {
    final long step;

    SimulatedCrash(long step) {
      super(null, null, false, false);
      this.step = step;
    }
  }
}
