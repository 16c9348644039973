package org.robustr1.train.sft;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.robustr1.model.qwen.OwnedArrays;
import org.robustr1.train.RunOptions;
import org.robustr1.train.TrainResult;
import org.robustr1.train.checkpoint.RunConfig;
import org.robustr1.train.data.RowPrompts;
import org.robustr1.train.data.TrainDataset;
import org.robustr1.train.data.TrainExample;
import org.robustr1.train.loop.StepContext;
import org.robustr1.train.loop.TrainingLoop;
import org.robustr1.train.loop.TrainingStep;
import org.robustr1.train.policy.ScoredCompletions;
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
  public static final String METRICS_FILE = TrainingLoop.METRICS_FILE;

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
          NDManager tmp = policy.newManager();
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

  /**
   * The run's configuration as stored in each checkpoint and compared on resume: every setting of
   * {@link SftConfig#trajectorySettings()}, the data file's checksum and row count, the policy's
   * {@link TrainablePolicy#identity()} and the number of steps; recorded besides, the data file's
   * path and {@link SftConfig#memorySettings()}.
   */
  public RunConfig runConfig(TrainDataset data) {
    RunConfig.Builder b =
        RunConfig.builder("SFT")
            .trajectory("sft.", config.trajectorySettings())
            .trajectory("data.sha256", RunConfig.sha256(data.file()))
            .trajectory("data.rows", data.size())
            .trajectory("model", policy.identity())
            .trajectory("steps", totalSteps(data.size()))
            .setting("data.file", data.file().toAbsolutePath().normalize());
    config.memorySettings().forEach((k, v) -> b.setting("sft." + k, v));
    return b.build();
  }

  /**
   * Trains on {@link TrainingLoop}, writing {@code metrics.jsonl} (+ {@code .csv}, {@code .png})
   * and {@code checkpoint-N/} under the output folder.
   *
   * @throws org.robustr1.train.checkpoint.ResumeRefusedException when the checkpoint to resume from was
   *     written by a run of another configuration (unless the resume is forced)
   * @throws org.robustr1.train.data.BadRowException when a row fails and the run's policy is to fail
   * @throws org.robustr1.train.loop.NoUpdatesException when every update was skipped
   */
  public TrainResult train(TrainDataset data, RunOptions run) {
    TrainingLoop loop =
        TrainingLoop.builder("SFT")
            .setParameters(policy.trainableParameters())
            .setOptimizer(config.optimizer())
            .setTotalSteps(totalSteps(data.size()))
            .setSeed(config.seed())
            .setRows(TrainingLoop.Rows.of(data))
            .setModel(modelState(policy))
            .setRunConfig(runConfig(data))
            .optSaveSteps(config.saveSteps())
            .optPlotted(List.of("loss"))
            .build();
    return loop.run(ctx -> step(data, ctx), run);
  }

  /** How a policy is written into and read back from checkpoints. */
  public static TrainingLoop.ModelState modelState(TrainablePolicy policy) {
    return new TrainingLoop.ModelState() {
      @Override
      public void save(Path dir) {
        policy.save(dir);
      }

      @Override
      public void load(Path dir) {
        policy.loadTrainable(dir);
      }
    };
  }

  /**
   * The loss of {@code batch} (its summed token NLL over {@code denom}) in one pass ({@link
   * TrainablePolicy#scoreEach}; a single sample is {@link TrainablePolicy#score}'s pass), backward
   * included; returns its value.
   */
  private double backward(List<Sample> batch, double denom, GradientCollector gc) {
    List<TrainablePolicy.PreparedPrompt> ps = new ArrayList<>(batch.size());
    List<int[]> targets = new ArrayList<>(batch.size());
    for (Sample s : batch) {
      ps.add(s.prompt());
      targets.add(s.target());
    }
    try (NDManager tmp = policy.newManager();
        ScoredCompletions scored = policy.scoreEach(ps, targets, config.scoring(), tmp)) {
      NDArray lp = scored.logProbs();
      NDArray l = lp.sum().neg().div(OwnedArrays.scalarLike(lp, denom));
      double value = l.stopGradient().toType(DataType.FLOAT64, false).getDouble();
      gc.backward(l);
      scored.backward();
      return value;
    }
  }

  /** A sample ready for the loss: its prepared prompt and target ids. */
  private record Sample(TrainExample row, TrainablePolicy.PreparedPrompt prompt, int[] target) {}

  private TrainingStep.StepResult step(TrainDataset data, StepContext ctx) {
    double loss = 0;
    long stepTokens = 0;
    for (int mb = 0; mb < config.gradientAccumulationSteps(); mb++) {
      List<Sample> batch = new ArrayList<>();
      try {
        int misses = 0;
        while (batch.size() < config.batchSize()) {
          Optional<Sample> next =
              ctx.tryRow(
                  ctx.nextRow(),
                  i -> {
                    TrainExample row = data.get(i);
                    TrainablePolicy.PreparedPrompt p = policy.prepare(prompts.prompt(row));
                    return new Sample(row, p, policy.assistantTargetIds(row.answer()));
                  });
          if (next.isEmpty()) {
            continue;
          }
          Sample s = next.get();
          if (s.prompt().promptIds().length + s.target().length > config.cutoffLen()) {
            s.prompt().close();
            ctx.dropSample();
            misses++;
            LOG.debug(
                "line {}: {} prompt + {} target tokens exceed cutoffLen {}; dropped",
                s.row().line(),
                s.prompt().promptIds().length,
                s.target().length,
                config.cutoffLen());
            checkArgument(
                misses <= data.size(),
                "every row of %s exceeds cutoffLen %s (prompt with image tokens plus answer); raise cutoffLen",
                data.file(),
                config.cutoffLen());
            continue;
          }
          batch.add(s);
        }
        long mbTokens = 0;
        for (Sample s : batch) {
          mbTokens += s.target().length;
        }
        stepTokens += mbTokens;
        double denom = (double) mbTokens * config.gradientAccumulationSteps();
        if (config.batchedScoring()) {
          loss += ctx.collect(gc -> backward(batch, denom, gc));
        } else {
          for (Sample s : batch) {
            loss += ctx.collect(gc -> backward(List.of(s), denom, gc));
          }
        }
      } finally {
        for (Sample s : batch) {
          s.prompt().close();
        }
      }
    }
    Map<String, Object> rec = new LinkedHashMap<>();
    rec.put("loss", loss);
    rec.put("tokens", stepTokens);
    rec.put("dropped_overlong", ctx.droppedSamples());
    return TrainingStep.StepResult.of(rec);
  }
}
