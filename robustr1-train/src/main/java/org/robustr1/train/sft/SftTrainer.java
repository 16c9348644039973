package org.robustr1.train.sft;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.robustr1.train.RunOptions;
import org.robustr1.train.TrainResult;
import org.robustr1.train.checkpoint.Checkpointer;
import org.robustr1.train.checkpoint.TrainerState;
import org.robustr1.train.data.DataCursor;
import org.robustr1.train.data.RowPrompts;
import org.robustr1.train.data.TrainDataset;
import org.robustr1.train.data.TrainExample;
import org.robustr1.train.metrics.MetricsWriter;
import org.robustr1.train.metrics.Progress;
import org.robustr1.train.optim.AdamW;
import org.robustr1.train.optim.GradientClipping;
import org.robustr1.train.optim.LrSchedule;
import org.robustr1.train.policy.TrainablePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervised fine-tuning: the loss of a micro-batch is the mean negative log-likelihood of its
 * assistant tokens (content plus end-of-turn; prompt and image tokens are never targets), divided
 * by the accumulation steps. Only {@link TrainablePolicy#trainableParameters()} are updated.
 * Samples whose prompt plus target exceed {@link SftConfig#cutoffLen()} are dropped and counted
 * ({@code dropped_overlong} in the metrics), so image spans are never truncated.
 */
public final class SftTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(SftTrainer.class);

  /** Metrics file name under the output folder. */
  public static final String METRICS_FILE = "metrics.jsonl";

  private final SftConfig config;
  private final TrainablePolicy policy;
  private final RowPrompts prompts;

  /** A trainer of {@code policy}. */
  public SftTrainer(SftConfig config, TrainablePolicy policy) {
    this.config = requireNonNull(config, "config");
    this.policy = requireNonNull(policy, "policy");
    this.prompts = new RowPrompts(config.promptStyle());
  }

  /** Optimizer steps of a run over {@code rows} rows. */
  public int totalSteps(int rows) {
    if (config.maxSteps() > 0) {
      return config.maxSteps();
    }
    return Math.max(1, rows / (config.batchSize() * config.gradientAccumulationSteps())) * config.numEpochs();
  }

  /**
   * Mean token negative log-likelihood of the assistant tokens of {@code rows}, without gradients;
   * rows over the cutoff length are left out.
   */
  public double evaluate(List<TrainExample> rows) {
    double nll = 0;
    long tokens = 0;
    for (TrainExample row : rows) {
      try (TrainablePolicy.PreparedPrompt p = policy.prepare(prompts.prompt(row));
          NDManager tmp = NDManager.newBaseManager();
          NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        int[] target = policy.assistantTargetIds(row.answer());
        if (p.promptIds().length + target.length > config.cutoffLen()) {
          continue;
        }
        NDArray lp = policy.completionLogProbs(p, List.of(target), tmp);
        nll -= lp.sum().toType(DataType.FLOAT64, false).getDouble();
        tokens += target.length;
      }
    }
    checkArgument(tokens > 0, "no held-out row fits in cutoffLen %s", config.cutoffLen());
    return nll / tokens;
  }

  /** Trains, writing {@code metrics.jsonl} and {@code checkpoint-N/} under the output folder. */
  public TrainResult train(TrainDataset data, RunOptions run) {
    int totalSteps = totalSteps(data.size());
    Checkpointer ckpt = new Checkpointer(run.outDir());
    Optional<Path> resumeFrom = ckpt.resolveResume(run.resume());
    try {
      Files.createDirectories(run.outDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + run.outDir(), e);
    }
    TrainerState state = TrainerState.start(totalSteps, config.seed());
    List<Map<String, Object>> produced = new ArrayList<>();
    try (AdamW opt = new AdamW(config.optimizer(), policy.trainableParameters())) {
      if (resumeFrom.isPresent()) {
        state = Checkpointer.readState(resumeFrom.get());
        checkArgument(
            state.seed() == config.seed() && state.totalSteps() == totalSteps,
            "checkpoint %s was written by a run with seed %s and %s steps; this run has seed %s and %s steps",
            resumeFrom.get(), state.seed(), state.totalSteps(), config.seed(), totalSteps);
        policy.loadTrainable(resumeFrom.get().resolve(Checkpointer.MODEL_DIR));
        try {
          opt.loadState(state.optimizerStep(), Checkpointer.readTensors(resumeFrom.get().resolve(Checkpointer.OPTIMIZER_FILE)));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read optimizer state of " + resumeFrom.get(), e);
        }
        LOG.info("resuming SFT from {} at step {}", resumeFrom.get(), state.step());
      }
      LrSchedule schedule = new LrSchedule(config.optimizer(), totalSteps);
      DataCursor cursor = new DataCursor(data.size(), config.seed(), state.epoch(), state.cursor());
      long dropped = state.droppedSamples();
      int skippedNonFinite = 0;
      int step = state.step();
      Path last = resumeFrom.orElse(null);
      try (MetricsWriter metrics = new MetricsWriter(run.outDir().resolve(METRICS_FILE), resumeFrom.isPresent() ? step : -1);
          Progress progress = new Progress(run.progressBar(), "SFT", totalSteps, step)) {
        while (step < totalSteps) {
          long t0 = System.nanoTime();
          double loss = 0;
          long stepTokens = 0;
          for (int mb = 0; mb < config.gradientAccumulationSteps(); mb++) {
            List<TrainablePolicy.PreparedPrompt> prepared = new ArrayList<>();
            List<int[]> targets = new ArrayList<>();
            try {
              int misses = 0;
              while (prepared.size() < config.batchSize()) {
                TrainExample row = data.get(cursor.next());
                TrainablePolicy.PreparedPrompt p = policy.prepare(prompts.prompt(row));
                int[] target = policy.assistantTargetIds(row.answer());
                if (p.promptIds().length + target.length > config.cutoffLen()) {
                  p.close();
                  dropped++;
                  misses++;
                  LOG.debug("line {}: {} prompt + {} target tokens exceed cutoffLen {}; dropped", row.line(), p.promptIds().length, target.length, config.cutoffLen());
                  checkArgument(
                      misses <= data.size(),
                      "every row of %s exceeds cutoffLen %s (prompt with image tokens plus answer); raise cutoffLen",
                      data.file(),
                      config.cutoffLen());
                  continue;
                }
                prepared.add(p);
                targets.add(target);
              }
              long mbTokens = 0;
              for (int[] t : targets) {
                mbTokens += t.length;
              }
              stepTokens += mbTokens;
              double denom = (double) mbTokens * config.gradientAccumulationSteps();
              for (int i = 0; i < prepared.size(); i++) {
                try (NDManager tmp = NDManager.newBaseManager();
                    NDScope scope = new NDScope();
                    GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                  scope.suppressNotUsedWarning();
                  NDArray lp = policy.completionLogProbs(prepared.get(i), List.of(targets.get(i)), tmp);
                  NDArray l = lp.sum().neg().div(org.robustr1.model.qwen.OwnedArrays.scalarLike(lp, denom));
                  loss += l.stopGradient().toType(DataType.FLOAT64, false).getDouble();
                  gc.backward(l);
                }
              }
            } finally {
              for (TrainablePolicy.PreparedPrompt p : prepared) {
                p.close();
              }
            }
          }
          double gradNorm = GradientClipping.clipGlobalNorm(opt.parameters().values(), config.optimizer().maxGradNorm());
          double lr = schedule.lr(step);
          if (Double.isFinite(gradNorm)) {
            opt.update(lr);
          } else {
            // a non-finite gradient would turn every weight into NaN: drop this step's update
            opt.zeroGradients();
            skippedNonFinite++;
            LOG.warn("step {}: gradient norm {} (loss {}); update skipped", step + 1, gradNorm, loss);
          }
          step++;
          Map<String, Object> rec = new LinkedHashMap<>();
          rec.put("step", step);
          rec.put("epoch", cursor.epoch());
          rec.put("loss", loss);
          rec.put("tokens", stepTokens);
          rec.put("dropped_overlong", dropped);
          rec.put("lr", lr);
          rec.put("grad_norm", gradNorm);
          rec.put("skipped_nonfinite", skippedNonFinite);
          rec.put("step_time", (System.nanoTime() - t0) / 1e9);
          metrics.write(rec);
          produced.add(rec);
          progress.update(step, String.format("loss %.4f", loss));
          if (config.saveSteps() > 0 && step % config.saveSteps() == 0) {
            last = save(ckpt, opt, new TrainerState(step, cursor.epoch(), cursor.cursor(), opt.step(), totalSteps, config.seed(), dropped));
          }
          run.listener().onStep(step, rec);
        }
        if (last == null || !last.getFileName().toString().equals("checkpoint-" + step)) {
          last = save(ckpt, opt, new TrainerState(step, cursor.epoch(), cursor.cursor(), opt.step(), totalSteps, config.seed(), dropped));
        }
      }
      return new TrainResult(step, resumeFrom.orElse(null), last, ImmutableList.copyOf(produced));
    }
  }

  private Path save(Checkpointer ckpt, AdamW opt, TrainerState state) {
    return ckpt.save(
        state,
        dir -> {
          policy.save(dir.resolve(Checkpointer.MODEL_DIR));
          Checkpointer.writeTensors(dir.resolve(Checkpointer.OPTIMIZER_FILE), opt.stateTensors());
          Files.writeString(dir.resolve("sft_config.txt"), config.toString(), StandardCharsets.UTF_8);
        });
  }
}
