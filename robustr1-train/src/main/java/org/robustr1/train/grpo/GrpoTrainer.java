package org.robustr1.train.grpo;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.robustr1.core.reward.RewardContext;
import org.robustr1.core.reward.RewardFunction;
import org.robustr1.core.reward.RewardResult;
import org.robustr1.model.Generation;
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
 * GRPO as run by the official Robust-R1 trainer (robust-r1.md §2.5–2.8), on one process.
 *
 * <p>Each generation round takes {@link GrpoConfig#promptsPerStep()} rows in the seeded epoch order
 * (incomplete chunks at the end of an epoch are dropped), prepares each prompt once (its vision
 * features are shared by its G samples and by the reference), samples G completions, scores them,
 * and computes group advantages. Then {@link GrpoConfig#numIterations()} optimizer steps run on
 * that round, each accumulating the gradients of {@link GrpoConfig#gradientAccumulationSteps()}
 * micro-batches (losses divided by that count), clipping the global gradient norm and applying
 * AdamW at the scheduled learning rate. With one iteration the old log-probs are the current ones
 * detached; with more they are computed once before the first update and kept.
 *
 * <p>Sampling seeds are derived from (seed, round, micro-batch, prompt) and the data order from
 * (seed, epoch), so a run resumed from a checkpoint continues exactly as the uninterrupted run.
 * Checkpoints are taken at round boundaries.
 */
public final class GrpoTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(GrpoTrainer.class);

  /** Metrics file name under the output folder. */
  public static final String METRICS_FILE = "metrics.jsonl";
  /** Sample-completions file name under the output folder. */
  public static final String SAMPLES_FILE = "completions.jsonl";

  private final GrpoConfig config;
  private final TrainablePolicy policy;
  private final TrainablePolicy reference;
  private final RewardFunction reward;
  private final RowPrompts prompts;

  /**
   * A trainer.
   *
   * @param reference the frozen reference policy (the initial weights); may be {@code null} only
   *     when {@code beta == 0}
   * @param reward the reward of a completion given its row's assistant turn; its components are
   *     logged (default: {@link GrpoRewards#official})
   */
  public GrpoTrainer(
      GrpoConfig config, TrainablePolicy policy, TrainablePolicy reference, RewardFunction reward, RowPrompts prompts) {
    this.config = requireNonNull(config, "config");
    this.policy = requireNonNull(policy, "policy");
    this.reward = requireNonNull(reward, "reward");
    this.prompts = requireNonNull(prompts, "prompts");
    checkArgument(
        reference != null || config.objective().beta() == 0,
        "beta = %s needs a reference policy; pass one or set beta to 0",
        config.objective().beta());
    checkArgument(reference != policy, "the reference must be a separate, frozen copy of the policy");
    this.reference = config.objective().beta() == 0 ? null : reference;
  }

  /** The number of optimizer steps a run over {@code rows} usable rows takes. */
  public int totalSteps(int rows) {
    if (config.maxSteps() > 0) {
      return config.maxSteps();
    }
    return rows / config.promptsPerStep() * config.numEpochs() * config.numIterations();
  }

  /**
   * Trains on {@code data}, writing {@code metrics.jsonl}, {@code completions.jsonl} and {@code
   * checkpoint-N/} under the output folder.
   */
  public TrainResult train(TrainDataset data, RunOptions run) {
    int perStep = config.promptsPerStep();
    checkArgument(
        data.size() >= perStep,
        "%s has %s usable rows, fewer than the %s prompts per step (batchSize / numGenerations ×"
            + " gradientAccumulationSteps); lower batchSize or gradientAccumulationSteps",
        data.file(),
        data.size(),
        perStep);
    int totalSteps = totalSteps(data.size());
    checkArgument(totalSteps > 0, "the run has no steps: %s rows, %s prompts per step", data.size(), perStep);
    Checkpointer ckpt = new Checkpointer(run.outDir());
    Optional<Path> resumeFrom = ckpt.resolveResume(run.resume());
    try {
      Files.createDirectories(run.outDir());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot create " + run.outDir(), e);
    }
    TrainerState state = TrainerState.start(totalSteps, config.seed());
    List<Map<String, Object>> produced = new ArrayList<>();
    try (AdamW opt = new AdamW(config.optimizer(), policy.trainableParameters())) {
      if (resumeFrom.isPresent()) {
        state = Checkpointer.readState(resumeFrom.get());
        checkArgument(
            state.seed() == config.seed() && state.totalSteps() == totalSteps,
            "checkpoint %s was written by a run with seed %s and %s steps; this run has seed %s and %s steps",
            resumeFrom.get(),
            state.seed(),
            state.totalSteps(),
            config.seed(),
            totalSteps);
        policy.loadTrainable(resumeFrom.get().resolve(Checkpointer.MODEL_DIR));
        try {
          opt.loadState(state.optimizerStep(), Checkpointer.readTensors(resumeFrom.get().resolve(Checkpointer.OPTIMIZER_FILE)));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException("cannot read optimizer state of " + resumeFrom.get(), e);
        }
        LOG.info("resuming GRPO from {} at step {}", resumeFrom.get(), state.step());
      }
      LrSchedule schedule = new LrSchedule(config.optimizer(), totalSteps);
      DataCursor cursor = new DataCursor(data.size(), config.seed(), state.epoch(), state.cursor());
      int keep = resumeFrom.isPresent() ? state.step() : -1;
      Path last = resumeFrom.orElse(null);
      int step = state.step();
      int skippedNonFinite = 0;
      try (MetricsWriter metrics = new MetricsWriter(run.outDir().resolve(METRICS_FILE), keep);
          MetricsWriter samples = new MetricsWriter(run.outDir().resolve(SAMPLES_FILE), keep);
          Progress progress = new Progress(run.progressBar(), "GRPO", totalSteps, step)) {
        int mu = config.numIterations();
        while (step < totalSteps) {
          int round = step / mu;
          try (NDManager roundManager = NDManager.newBaseManager()) {
            List<MicroBatch> mbs = new ArrayList<>();
            try {
              for (int mb = 0; mb < config.gradientAccumulationSteps(); mb++) {
                int[] idx = cursor.take(config.promptsPerMicroBatch());
                mbs.add(rollout(data, idx, round, mb, roundManager));
              }
              for (int it = 0; it < mu && step < totalSteps; it++) {
                long t0 = System.nanoTime();
                double loss = 0;
                double kl = 0;
                double clip = 0;
                for (MicroBatch mb : mbs) {
                  double[] r = backward(mb);
                  loss += r[0];
                  kl += r[1] / mbs.size();
                  clip += r[2] / mbs.size();
                }
                double gradNorm =
                    GradientClipping.clipGlobalNorm(opt.parameters().values(), config.optimizer().maxGradNorm());
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
                Map<String, Object> rec = stepMetrics(step, cursor.epoch(), mbs, loss, kl, clip, lr, gradNorm);
                rec.put("skipped_nonfinite", skippedNonFinite);
                rec.put("step_time", (System.nanoTime() - t0) / 1e9);
                metrics.write(rec);
                produced.add(rec);
                if (config.logCompletionsSteps() > 0 && step % config.logCompletionsSteps() == 0) {
                  logSamples(samples, step, mbs.get(0));
                }
                progress.update(step, String.format("loss %.4f reward %.3f", loss, (double) rec.get("reward")));
                boolean roundDone = it == mu - 1;
                if (roundDone && config.saveSteps() > 0 && step % config.saveSteps() == 0) {
                  last = save(ckpt, opt, new TrainerState(step, cursor.epoch(), cursor.cursor(), opt.step(), totalSteps, config.seed(), 0));
                }
                run.listener().onStep(step, rec);
              }
            } finally {
              for (MicroBatch mb : mbs) {
                mb.close();
              }
            }
          }
        }
        if (last == null || !last.getFileName().toString().equals("checkpoint-" + step)) {
          last = save(ckpt, opt, new TrainerState(step, cursor.epoch(), cursor.cursor(), opt.step(), totalSteps, config.seed(), 0));
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
          Files.writeString(dir.resolve("grpo_config.txt"), config.toString(), StandardCharsets.UTF_8);
        });
  }

  /** Sampler seed of one prompt of one micro-batch of one round. */
  static long samplerSeed(long seed, int round, int microBatch, int prompt) {
    long s = seed;
    s = new SplittableRandom(s ^ 0x5DEECE66DL).nextLong() + round;
    s = new SplittableRandom(s).nextLong() + microBatch;
    s = new SplittableRandom(s).nextLong() + prompt;
    return new SplittableRandom(s).nextLong();
  }

  private MicroBatch rollout(TrainDataset data, int[] idx, int round, int mbIndex, NDManager manager) {
    int g = config.numGenerations();
    MicroBatch mb = new MicroBatch();
    int eos = policy.eosTokenId();
    for (int p = 0; p < idx.length; p++) {
      TrainExample row = data.get(idx[p]);
      TrainablePolicy.PreparedPrompt prepared = policy.prepare(prompts.prompt(row));
      mb.prepared.add(prepared);
      mb.rows.add(row);
      List<Generation> gens = policy.sample(prepared, g, config.sampling(samplerSeed(config.seed(), round, mbIndex, p)));
      checkArgument(gens.size() == g, "policy returned %s samples, expected %s", gens.size(), g);
      List<int[]> ids = new ArrayList<>(g);
      List<String> texts = new ArrayList<>(g);
      for (Generation gen : gens) {
        int[] t = gen.tokenIds();
        checkArgument(t.length > 0, "the policy generated an empty completion for line %s", row.line());
        int[] mask = GrpoMath.completionMask(t, eos);
        int len = 0;
        for (int v : mask) {
          len += v;
        }
        ids.add(java.util.Arrays.copyOf(t, len));
        texts.add(gen.text());
      }
      mb.completions.add(ids);
      mb.texts.add(texts);
      RewardContext context = RewardContext.ofAssistantTurn(row.row().assistantTurn());
      for (int i = 0; i < g; i++) {
        RewardResult rr = reward.score(texts.get(i), context);
        mb.totals.add(rr.value());
        for (Map.Entry<String, Double> e : rr.components().entrySet()) {
          mb.components.computeIfAbsent(e.getKey(), k -> new double[idx.length * g])[p * g + i] = e.getValue();
        }
      }
    }
    int b = idx.length * g;
    mb.rewards = mb.totals.stream().mapToDouble(Double::doubleValue).toArray();
    mb.advantages = GrpoMath.advantages(mb.rewards, g, config.scaleRewards());
    int tmax = 0;
    for (List<int[]> group : mb.completions) {
      for (int[] c : group) {
        tmax = Math.max(tmax, c.length);
      }
    }
    mb.tmax = tmax;
    mb.mask = new float[b * tmax];
    mb.lengths = new int[b];
    int row = 0;
    for (List<int[]> group : mb.completions) {
      for (int[] c : group) {
        for (int t = 0; t < c.length; t++) {
          mb.mask[row * tmax + t] = 1f;
        }
        mb.lengths[row] = c.length;
        row++;
      }
    }
    if (config.numIterations() > 1) {
      mb.oldLogp = scoreAll(policy, mb, manager);
    }
    if (reference != null) {
      mb.refLogp = scoreAll(reference, mb, manager);
    }
    return mb;
  }

  /** Log-probs of all completions of a micro-batch without gradients, {@code [B, tmax]}. */
  private NDArray scoreAll(TrainablePolicy model, MicroBatch mb, NDManager manager) {
    NDArray out;
    try (NDScope scope = new NDScope()) {
      out = logProbs(model, mb, manager).stopGradient();
      NDScope.unregister(out);
    }
    out.attach(manager);
    return out;
  }

  private NDArray logProbs(TrainablePolicy model, MicroBatch mb, NDManager manager) {
    NDList parts = new NDList();
    for (int p = 0; p < mb.prepared.size(); p++) {
      NDArray lp = model.completionLogProbs(mb.prepared.get(p), mb.completions.get(p), manager);
      long t = lp.getShape().get(1);
      if (t < mb.tmax) {
        lp = lp.concat(manager.zeros(new Shape(lp.getShape().get(0), mb.tmax - t), lp.getDataType()), 1);
      } else if (t > mb.tmax) {
        lp = lp.get(":, :" + mb.tmax);
      }
      parts.add(lp);
    }
    return parts.size() == 1 ? parts.head() : NDArrays.concat(parts, 0);
  }

  /** Forward and backward of one micro-batch; returns {loss/GA, kl, clip ratio}. */
  private double[] backward(MicroBatch mb) {
    try (NDManager tmp = NDManager.newBaseManager();
        NDScope scope = new NDScope();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      scope.suppressNotUsedWarning();
      int b = mb.rewards.length;
      NDArray logp = logProbs(policy, mb, tmp);
      NDArray mask = tmp.create(mb.mask, new Shape(b, mb.tmax));
      NDArray adv = tmp.create(mb.advantages).toType(DataType.FLOAT32, false);
      GrpoLoss.Result r = GrpoLoss.compute(logp, mb.oldLogp, mb.refLogp, adv, mask, config.objective());
      NDArray scaled = r.loss().div(org.robustr1.model.qwen.OwnedArrays.scalarLike(r.loss(), config.gradientAccumulationSteps()));
      double value = scaled.stopGradient().toType(DataType.FLOAT64, false).getDouble();
      gc.backward(scaled);
      return new double[] {value, r.meanKl(), r.clipRatio()};
    }
  }

  private Map<String, Object> stepMetrics(
      int step, int epoch, List<MicroBatch> mbs, double loss, double kl, double clip, double lr, double gradNorm) {
    int g = config.numGenerations();
    List<Double> all = new ArrayList<>();
    double groupStdSum = 0;
    int groups = 0;
    int zeroStd = 0;
    int minLen = Integer.MAX_VALUE;
    int maxLen = 0;
    long sumLen = 0;
    Map<String, List<Double>> comps = new LinkedHashMap<>();
    for (MicroBatch mb : mbs) {
      for (double r : mb.rewards) {
        all.add(r);
      }
      for (int s = 0; s < mb.rewards.length; s += g) {
        double sd = GrpoMath.unbiasedStd(mb.rewards, s, g);
        groupStdSum += sd;
        groups++;
        if (sd == 0.0) {
          zeroStd++;
        }
      }
      for (int len : mb.lengths) {
        minLen = Math.min(minLen, len);
        maxLen = Math.max(maxLen, len);
        sumLen += len;
      }
      for (Map.Entry<String, double[]> e : mb.components.entrySet()) {
        List<Double> l = comps.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
        for (double v : e.getValue()) {
          l.add(v);
        }
      }
    }
    Map<String, Object> rec = new LinkedHashMap<>();
    rec.put("step", step);
    rec.put("epoch", epoch);
    rec.put("loss", loss);
    rec.put("reward", mean(all));
    rec.put("reward_std", groupStdSum / groups);
    for (Map.Entry<String, List<Double>> e : comps.entrySet()) {
      rec.put("rewards/" + e.getKey() + "/mean", mean(e.getValue()));
      rec.put("rewards/" + e.getKey() + "/std", std(e.getValue()));
    }
    rec.put("frac_reward_zero_std", (double) zeroStd / groups);
    rec.put("kl", kl);
    rec.put("clip_ratio", clip);
    rec.put("completions/mean_length", (double) sumLen / all.size());
    rec.put("completions/min_length", minLen);
    rec.put("completions/max_length", maxLen);
    rec.put("lr", lr);
    rec.put("grad_norm", gradNorm);
    return rec;
  }

  private void logSamples(MetricsWriter samples, int step, MicroBatch mb) {
    int n = Math.min(config.numCompletionsToLog(), mb.rewards.length);
    int g = config.numGenerations();
    for (int i = 0; i < n; i++) {
      Map<String, Object> rec = new LinkedHashMap<>();
      rec.put("step", step);
      TrainExample row = mb.rows.get(i / g);
      rec.put("line", row.line());
      rec.put("question", row.question());
      rec.put("completion", mb.texts.get(i / g).get(i % g));
      rec.put("reward", mb.rewards[i]);
      rec.put("advantage", mb.advantages[i]);
      for (Map.Entry<String, double[]> e : mb.components.entrySet()) {
        rec.put(e.getKey(), e.getValue()[i]);
      }
      samples.write(rec);
    }
  }

  private static double mean(List<Double> v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return v.isEmpty() ? 0 : s / v.size();
  }

  private static double std(List<Double> v) {
    if (v.size() < 2) {
      return 0;
    }
    double m = mean(v);
    double ss = 0;
    for (double x : v) {
      ss += (x - m) * (x - m);
    }
    return Math.sqrt(ss / (v.size() - 1));
  }

  /** One micro-batch of a generation round. */
  private static final class MicroBatch implements AutoCloseable {
    final List<TrainExample> rows = new ArrayList<>();
    final List<TrainablePolicy.PreparedPrompt> prepared = new ArrayList<>();
    final List<List<int[]>> completions = new ArrayList<>();
    final List<List<String>> texts = new ArrayList<>();
    final Map<String, double[]> components = new LinkedHashMap<>();
    final List<Double> totals = new ArrayList<>();
    double[] rewards;
    double[] advantages;
    float[] mask;
    int[] lengths;
    int tmax;
    NDArray oldLogp;
    NDArray refLogp;

    @Override
    public void close() {
      for (TrainablePolicy.PreparedPrompt p : prepared) {
        p.close();
      }
    }
  }
}
