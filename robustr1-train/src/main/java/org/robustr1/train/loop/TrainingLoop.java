package org.robustr1.train.loop;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntUnaryOperator;
import org.robustr1.train.RunOptions;
import org.robustr1.train.TrainResult;
import org.robustr1.train.checkpoint.Checkpointer;
import org.robustr1.train.checkpoint.RunConfig;
import org.robustr1.train.checkpoint.TrainerState;
import org.robustr1.train.data.DataCursor;
import org.robustr1.train.data.TrainDataset;
import org.robustr1.train.metrics.MetricsCsv;
import org.robustr1.train.metrics.MetricsPlot;
import org.robustr1.train.metrics.MetricsWriter;
import org.robustr1.train.metrics.PeakMemory;
import org.robustr1.train.metrics.Progress;
import org.robustr1.train.optim.AdamW;
import org.robustr1.train.optim.GradientClipping;
import org.robustr1.train.optim.LrSchedule;
import org.robustr1.train.optim.OptimizerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.robustr1.train.checkpoint.Resume;

/**
 * The one training loop of SFT, GRPO and any custom objective, in the spirit of DJL's {@code
 * EasyTrain}: the caller supplies the per-step work ({@link TrainingStep}, or a per-batch loss
 * through {@link TrainingStep#ofBatchLoss}), the trainable parameters and how the model is saved;
 * the loop owns everything else.
 *
 * <ul>
 *   <li>Resume ({@link Resume}): the checkpoint's model, AdamW state, data cursor, counters and
 *       bad rows are restored, so a run killed at any time and resumed continues bit-identically.
 *       A checkpoint written by a run of another configuration (any {@link RunConfig} trajectory
 *       field: data checksum, model, hyper-parameters, prompt style, seed) is refused with a
 *       message naming each differing field and both values, unless the resume is forced (then
 *       the differences are logged).
 *   <li>Each step: the step's forward and backward, global-norm clipping, the AdamW update at the
 *       scheduled learning rate ({@link LrSchedule} of the optimizer configuration, or the function
 *       given to {@link Builder#optLearningRates}), or, when the gradient norm is not finite, no
 *       update (counted as {@code skipped_nonfinite}). A run in which every update was skipped ends
 *       with a {@link NoUpdatesException} instead of a result.
 *   <li>Checkpoints every {@code saveSteps} steps (when the step allows it) and at the end
 *       ({@code checkpoint-N/}: model, optimizer, {@code run_config.json}, {@code
 *       trainer_state.json}, written atomically).
 *   <li>Metrics: {@code metrics.jsonl} (one line per step, cut back to the checkpoint on resume),
 *       regenerated as {@code metrics.csv} and plotted as {@code metrics.png} (loss and, where
 *       logged, reward per step) at the end of each run, also when it stops on an error; the
 *       progress bar; the run's peak resident memory in the log.
 * </ul>
 *
 * <p>The loop is single-threaded and opens one {@code GradientCollector} at a time (DJL allows one
 * per JVM).
 */
public final class TrainingLoop {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);

  /** Metrics file name under the output folder. */
  public static final String METRICS_FILE = "metrics.jsonl";
  /** The metrics as CSV, written at the end of each run. */
  public static final String METRICS_CSV = "metrics.csv";
  /** The loss (and reward) curve, written at the end of each run. */
  public static final String METRICS_PNG = "metrics.png";

  private final String name;
  private final ImmutableMap<String, NDArray> parameters;
  private final OptimizerConfig optimizer;
  private final int totalSteps;
  private final long seed;
  private final int saveSteps;
  private final int keepCheckpoints;
  private final Rows rows;
  private final ModelState model;
  private final RunConfig config;
  private final ImmutableList<String> logs;
  private final ImmutableList<String> plotted;
  private final IntToDoubleFunction learningRates;

  private TrainingLoop(Builder b) {
    this.name = b.name;
    this.parameters = ImmutableMap.copyOf(b.parameters);
    this.optimizer = b.optimizer;
    this.totalSteps = b.totalSteps;
    this.seed = b.seed;
    this.saveSteps = b.saveSteps;
    this.keepCheckpoints = b.keepCheckpoints;
    this.rows = b.rows;
    this.model = b.model;
    this.config = b.config;
    this.logs = ImmutableList.copyOf(b.logs);
    this.plotted = ImmutableList.copyOf(b.plotted);
    this.learningRates = b.learningRates;
  }

  /** A builder for a run named {@code name} (used in logs, progress and messages). */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** How the model's weights are written into and read back from a checkpoint's {@code model/}. */
  public interface ModelState {
    /** Writes the model into {@code dir}. */
    void save(Path dir);

    /** Loads the trainable weights written by {@link #save} back into the live parameters. */
    void load(Path dir);
  }

  /** The rows the data cursor walks, for messages: their file and each row's 1-based line. */
  public record Rows(int size, Path file, IntUnaryOperator lineOf) {
    /** Validates. */
    public Rows {
      checkArgument(size > 0, "the training data has no usable rows");
      requireNonNull(file, "file");
      requireNonNull(lineOf, "lineOf");
    }

    /** The usable rows of a training file. */
    public static Rows of(TrainDataset data) {
      return new Rows(data.size(), data.file(), i -> data.get(i).line());
    }

    int line(int index) {
      return lineOf.applyAsInt(index);
    }
  }

  /** Runs {@code body} to the end (or from the checkpoint {@code run} selects) and closes it. */
  public TrainResult run(TrainingStep body, RunOptions run) {
    requireNonNull(body, "body");
    Checkpointer ckpt = new Checkpointer(run.outDir());
    Optional<Path> from = ckpt.resolveResume(run.resume());
    try {
      Files.createDirectories(run.outDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + run.outDir(), e);
    }
    TrainerState state = TrainerState.start(totalSteps, seed);
    List<Map<String, Object>> produced = new ArrayList<>();
    Path metricsFile = run.outDir().resolve(METRICS_FILE);
    try (TrainingStep step = body;
        AdamW opt = new AdamW(optimizer, parameters)) {
      if (from.isPresent()) {
        state = Checkpointer.readState(from.get());
        checkCompatible(from.get(), state, run.resume().force());
        model.load(from.get().resolve(Checkpointer.MODEL_DIR));
        try {
          opt.loadState(state.optimizerStep(), Checkpointer.readTensors(from.get().resolve(Checkpointer.OPTIMIZER_FILE)));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read optimizer state of " + from.get(), e);
        }
        LOG.info("resuming {} from {} at step {}", name, from.get(), state.step());
      }
      IntToDoubleFunction schedule = learningRates != null ? learningRates : new LrSchedule(optimizer, totalSteps)::lr;
      DataCursor cursor = new DataCursor(rows.size(), seed, state.epoch(), state.cursor());
      int keep = from.isPresent() ? state.step() : -1;
      Map<String, MetricsWriter> extra = new LinkedHashMap<>();
      int done = state.step();
      StepContext ctx = null;
      int skipped = state.skippedNonFinite();
      int updates = 0;
      int ran = 0;
      Path last = from.orElse(null);
      try (MetricsWriter metrics = new MetricsWriter(metricsFile, keep);
          Progress progress = new Progress(run.progressBar(), name, totalSteps, done)) {
        for (String f : logs) {
          extra.put(f, new MetricsWriter(run.outDir().resolve(f), keep));
        }
        ctx = new StepContext(rows, cursor, run.onBadRow(), state.badRows(), state.droppedSamples(), extra, totalSteps, seed);
        while (done < totalSteps) {
          long t0 = System.nanoTime();
          ctx.begin(done);
          TrainingStep.StepResult r = step.run(ctx);
          double gradNorm = GradientClipping.clipGlobalNorm(opt.parameters().values(), optimizer.maxGradNorm());
          double lr = schedule.applyAsDouble(done);
          if (Double.isFinite(gradNorm)) {
            opt.update(lr);
            updates++;
          } else {
            // a non-finite gradient would turn every weight into NaN: drop this step's update
            opt.zeroGradients();
            skipped++;
            LOG.warn("{} step {}: gradient norm {} (loss {}); update skipped", name, done + 1, gradNorm, r.metrics().get("loss"));
          }
          done++;
          ran++;
          Map<String, Object> rec = new LinkedHashMap<>();
          rec.put("step", done);
          rec.put("epoch", cursor.epoch());
          rec.putAll(r.metrics());
          rec.put("lr", lr);
          rec.put("grad_norm", gradNorm);
          rec.put("skipped_nonfinite", skipped);
          rec.put("bad_rows_skipped", ctx.badRowCount());
          rec.put("step_time", (System.nanoTime() - t0) / 1e9);
          metrics.write(rec);
          produced.add(rec);
          progress.update(done, progressMessage(rec));
          if (saveSteps > 0 && done % saveSteps == 0 && r.checkpointable()) {
            last = save(ckpt, opt, state(done, cursor, opt, ctx, skipped));
          }
          run.listener().onStep(done, rec);
        }
        if (ran > 0 && updates == 0) {
          throw new NoUpdatesException(name, ran, produced.isEmpty() ? null : produced.get(produced.size() - 1));
        }
        if (last == null || !last.getFileName().toString().equals("checkpoint-" + done)) {
          last = save(ckpt, opt, state(done, cursor, opt, ctx, skipped));
        }
      } finally {
        for (MetricsWriter w : extra.values()) {
          w.close();
        }
        writeReports(metricsFile, run.outDir());
        LOG.info("{}: peak resident memory {} MB", name, PeakMemory.peakRssMb());
      }
      return new TrainResult(done, from.orElse(null), last, ImmutableList.copyOf(produced), ImmutableList.copyOf(ctx.badRowMessages()));
    }
  }

  private TrainerState state(int done, DataCursor cursor, AdamW opt, StepContext ctx, int skipped) {
    return new TrainerState(
        done, cursor.epoch(), cursor.cursor(), opt.step(), totalSteps, seed, ctx.droppedSamples(), skipped, ctx.badRows());
  }

  private static String progressMessage(Map<String, Object> rec) {
    StringBuilder sb = new StringBuilder();
    for (String k : List.of("loss", "reward")) {
      if (rec.get(k) instanceof Number n) {
        sb.append(sb.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%s %.4f", k, n.doubleValue()));
      }
    }
    return sb.toString();
  }

  /**
   * Refuses a checkpoint of another run: compares the stored {@link RunConfig} with this run's
   * (a checkpoint without one, from before it existed, is compared by seed and total steps).
   */
  private void checkCompatible(Path checkpoint, TrainerState state, boolean force) {
    List<String> diff;
    Optional<RunConfig> saved = RunConfig.read(checkpoint);
    if (saved.isPresent()) {
      diff = config.differencesFrom(saved.get());
    } else {
      diff = new ArrayList<>();
      if (state.seed() != seed) {
        diff.add("seed: " + state.seed() + " → " + seed);
      }
      if (state.totalSteps() != totalSteps) {
        diff.add("steps: " + state.totalSteps() + " → " + totalSteps);
      }
    }
    if (diff.isEmpty()) {
      return;
    }
    if (!force) {
      throw new ResumeRefusedException(checkpoint, diff);
    }
    LOG.warn("--resume-force: resuming {} from {} although the run differs: {}", name, checkpoint, String.join("; ", diff));
  }

  private Path save(Checkpointer ckpt, AdamW opt, TrainerState state) {
    Path saved =
        ckpt.save(
            state,
            dir -> {
              model.save(dir.resolve(Checkpointer.MODEL_DIR));
              Checkpointer.writeTensors(dir.resolve(Checkpointer.OPTIMIZER_FILE), opt.stateTensors());
              config.write(dir);
            });
    if (keepCheckpoints > 0) {
      ckpt.pruneAllBut(keepCheckpoints);
    }
    return saved;
  }

  private void writeReports(Path metricsFile, Path outDir) {
    if (!Files.isRegularFile(metricsFile)) {
      return;
    }
    try {
      MetricsCsv.write(metricsFile, outDir.resolve(METRICS_CSV));
      MetricsPlot.write(metricsFile, outDir.resolve(METRICS_PNG), name, plotted);
    } catch (IOException | RuntimeException e) {
      // the run's result does not depend on its report
      LOG.warn("cannot write the metrics report of {}: {}", outDir, e.toString());
    }
  }

  /** Builder of a {@link TrainingLoop}; set every {@code setX}, {@code optX} have defaults. */
  public static final class Builder {
    private final String name;
    private Map<String, NDArray> parameters;
    private OptimizerConfig optimizer;
    private int totalSteps;
    private long seed;
    private int saveSteps;
    private int keepCheckpoints;
    private Rows rows;
    private ModelState model;
    private RunConfig config;
    private final List<String> logs = new ArrayList<>();
    private List<String> plotted = List.of("loss", "reward");
    private IntToDoubleFunction learningRates;

    private Builder(String name) {
      this.name = requireNonNull(name, "name");
    }

    /**
     * The parameters AdamW updates and the gradient norm is taken over, by checkpoint name (for
     * Robust-R1's SFT and GRPO the language model; a pretraining stage may add the vision tower).
     */
    public Builder setParameters(Map<String, NDArray> trainable) {
      this.parameters = requireNonNull(trainable, "trainable");
      return this;
    }

    /** AdamW, schedule and clipping. */
    public Builder setOptimizer(OptimizerConfig config) {
      this.optimizer = requireNonNull(config, "config");
      return this;
    }

    /** Optimizer steps of the whole run (the schedule's length). */
    public Builder setTotalSteps(int steps) {
      this.totalSteps = steps;
      return this;
    }

    /** The seed of the data order (and whatever the step derives from it). */
    public Builder setSeed(long value) {
      this.seed = value;
      return this;
    }

    /** The rows the data cursor walks. */
    public Builder setRows(Rows value) {
      this.rows = requireNonNull(value, "value");
      return this;
    }

    /** How the model is checkpointed. */
    public Builder setModel(ModelState value) {
      this.model = requireNonNull(value, "value");
      return this;
    }

    /** The run's configuration: stored in each checkpoint and compared on resume. */
    public Builder setRunConfig(RunConfig value) {
      this.config = requireNonNull(value, "value");
      return this;
    }

    /** Checkpoint interval in steps ({@code <= 0}: only at the end; default 0). */
    public Builder optSaveSteps(int steps) {
      this.saveSteps = steps;
      return this;
    }

    /**
     * Keeps only the {@code n} newest checkpoints, deleting older ones after each save (HF's {@code
     * save_total_limit}; {@code <= 0}, the default: keep all).
     */
    public Builder optKeepCheckpoints(int n) {
      this.keepCheckpoints = n;
      return this;
    }

    /** An extra JSON Lines log under the output folder, written through {@link StepContext#log}. */
    public Builder optLog(String file) {
      logs.add(requireNonNull(file, "file"));
      return this;
    }

    /** The metrics plotted per step in {@code metrics.png} (default loss and reward, when present). */
    public Builder optPlotted(List<String> keys) {
      this.plotted = List.copyOf(keys);
      return this;
    }

    /**
     * The learning rate of each 0-based optimizer step, instead of the {@link LrSchedule} of the
     * optimizer configuration (as DJL's {@code optLearningRateTracker}); for a schedule that run
     * configurations must reproduce exactly. It must be a pure function of the step, since resume
     * keeps no schedule state, and the run configuration should name it.
     */
    public Builder optLearningRates(IntToDoubleFunction lrOfStep) {
      this.learningRates = requireNonNull(lrOfStep, "lrOfStep");
      return this;
    }

    /** Validates and builds. */
    public TrainingLoop build() {
      checkState(parameters != null && !parameters.isEmpty(), "%s: no trainable parameters", name);
      checkState(optimizer != null, "%s: no optimizer configuration", name);
      checkState(rows != null, "%s: no rows", name);
      checkState(model != null, "%s: no model state", name);
      checkState(config != null, "%s: no run configuration", name);
      checkArgument(totalSteps > 0, "%s: the run has no steps (%s)", name, totalSteps);
      return new TrainingLoop(this);
    }
  }
}
