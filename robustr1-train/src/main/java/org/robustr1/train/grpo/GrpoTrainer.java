package org.robustr1.train.grpo;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.robustr1.core.reward.RewardContext;
import org.robustr1.core.reward.RewardFunction;
import org.robustr1.core.reward.RewardResult;
import org.robustr1.model.Generation;
import org.robustr1.model.nn.GradMode;
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
import org.robustr1.train.sft.SftTrainer;

/**
 * GRPO as run by the official Robust-R1 trainer (robust-r1.md §2.5–2.8), on one process.
 *
 * <p>Each generation round takes {@link GrpoConfig#promptsPerStep()} rows in the seeded epoch order
 * (incomplete chunks at the end of an epoch are dropped), prepares each prompt once (its vision
 * features are shared by its G samples and by the reference), samples G completions, scores them,
 * and computes group advantages. Then {@link GrpoConfig#numIterations()} optimizer steps run on
 * that round, each accumulating the gradients of {@link GrpoConfig#gradientAccumulationSteps()}
 * batches of {@link GrpoConfig#batchSize()} completions (losses divided by that count); a batch's
 * forward and backward run in passes of {@link GrpoConfig#microBatchSize()} completions whose
 * losses keep the batch's normalisation, with memory-bounded log-probs ({@link
 * TrainablePolicy#score}: log-softmax in chunks, gradient checkpointing per decoder layer). The
 * shared {@link TrainingLoop} clips the global gradient norm, applies AdamW at the scheduled
 * learning rate, checkpoints and resumes. With one iteration the old log-probs are the current
 * ones detached; with more they are computed once before the first update and kept.
 *
 * <p>Sampling seeds are derived from (seed, round, micro-batch, prompt) and the data order from
 * (seed, epoch), so a run resumed from a checkpoint continues exactly as the uninterrupted run.
 * Checkpoints are taken at round boundaries.
 */
public final class GrpoTrainer {

  /** Metrics file name under the output folder. */
  public static final String METRICS_FILE = TrainingLoop.METRICS_FILE;
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
   * The run's configuration as stored in each checkpoint and compared on resume: every setting of
   * {@link GrpoConfig#trajectorySettings()}, the data file's checksum and row count, the policy's
   * and the reference's {@link TrainablePolicy#identity()}, the prompt style, the reward and the
   * number of steps; recorded besides, the data file's path and {@link
   * GrpoConfig#memorySettings()}.
   */
  public RunConfig runConfig(TrainDataset data) {
    RunConfig.Builder b =
        RunConfig.builder("GRPO")
            .trajectory("grpo.", config.trajectorySettings())
            .trajectory("data.sha256", RunConfig.sha256(data.file()))
            .trajectory("data.rows", data.size())
            .trajectory("model", policy.identity())
            .trajectory("reference", reference == null ? null : reference.identity())
            .trajectory("promptStyle", prompts.style())
            .trajectory("reward", reward.getClass().getName())
            .trajectory("steps", totalSteps(data.size()))
            .setting("data.file", data.file().toAbsolutePath().normalize());
    config.memorySettings().forEach((k, v) -> b.setting("grpo." + k, v));
    return b.build();
  }

  /**
   * Trains on {@code data} with {@link TrainingLoop}, writing {@code metrics.jsonl} (+ {@code .csv},
   * {@code .png}), {@code completions.jsonl} and {@code checkpoint-N/} under the output folder.
   *
   * @throws org.robustr1.train.checkpoint.ResumeRefusedException when the checkpoint to resume from was
   *     written by a run of another configuration (unless the resume is forced)
   * @throws org.robustr1.train.data.BadRowException when a row fails and the run's policy is to fail
   * @throws org.robustr1.train.loop.NoUpdatesException when every update was skipped
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
    TrainingLoop loop =
        TrainingLoop.builder("GRPO")
            .setParameters(policy.trainableParameters())
            .setOptimizer(config.optimizer())
            .setTotalSteps(totalSteps)
            .setSeed(config.seed())
            .setRows(TrainingLoop.Rows.of(data))
            .setModel(SftTrainer.modelState(policy))
            .setRunConfig(runConfig(data))
            .optSaveSteps(config.saveSteps())
            .optLog(SAMPLES_FILE)
            .build();
    return loop.run(new Rounds(data), run);
  }

  /** Sampler seed of one prompt of one micro-batch of one round. */
  static long samplerSeed(long seed, int round, int microBatch, int prompt) {
    long s = seed;
    s = new SplittableRandom(s ^ 0x5DEECE66DL).nextLong() + round;
    s = new SplittableRandom(s).nextLong() + microBatch;
    s = new SplittableRandom(s).nextLong() + prompt;
    return new SplittableRandom(s).nextLong();
  }

  /**
   * The steps of a run: each generation round (rollouts of {@link GrpoConfig#gradientAccumulationSteps()}
   * batches) serves {@link GrpoConfig#numIterations()} optimizer steps; a checkpoint is allowed
   * after the last of them.
   */
  private final class Rounds implements TrainingStep {
    private final TrainDataset data;
    private List<Batch> round;
    private int iteration;

    Rounds(TrainDataset data) {
      this.data = data;
    }

    @Override
    public StepResult run(StepContext ctx) {
      int mu = config.numIterations();
      if (round == null) {
        round = new ArrayList<>();
        for (int b = 0; b < config.gradientAccumulationSteps(); b++) {
          round.add(rollout(data, ctx, ctx.step() / mu, b));
        }
        iteration = 0;
      }
      double loss = 0;
      double kl = 0;
      double clip = 0;
      for (Batch b : round) {
        double[] r = backward(ctx, b);
        loss += r[0];
        kl += r[1] / round.size();
        clip += r[2] / round.size();
      }
      Map<String, Object> rec = stepMetrics(round, loss, kl, clip);
      int step = ctx.step() + 1;
      if (config.logCompletionsSteps() > 0 && step % config.logCompletionsSteps() == 0) {
        logSamples(ctx, step, round.get(0));
      }
      iteration++;
      boolean roundDone = iteration == mu;
      if (roundDone) {
        close();
      }
      return new StepResult(rec, roundDone);
    }

    @Override
    public void close() {
      if (round != null) {
        for (Batch b : round) {
          b.close();
        }
        round = null;
      }
    }
  }

  /**
   * Takes a batch's prompts in the data order, prepares each once (a row that fails is handled by
   * the run's bad-row policy; a skipped one is replaced by the next usable row), samples G
   * completions of each, scores them and computes the group advantages; with a reference (and,
   * with several iterations, the old policy) their log-probs are computed here, without gradients.
   */
  private Batch rollout(TrainDataset data, StepContext ctx, int round, int batchIndex) {
    int g = config.numGenerations();
    Batch mb = new Batch(policy.newManager());
    int eos = policy.eosTokenId();
    try {
      int[] idx = ctx.cursor().take(config.promptsPerMicroBatch());
      for (int p = 0; p < idx.length; p++) {
        int index = idx[p];
        Optional<TrainablePolicy.PreparedPrompt> prepared = ctx.tryRow(index, i -> policy.prepare(prompts.prompt(data.get(i))));
        while (prepared.isEmpty()) {
          index = ctx.nextRow();
          prepared = ctx.tryRow(index, i -> policy.prepare(prompts.prompt(data.get(i))));
        }
        TrainExample row = data.get(index);
        mb.prepared.add(prepared.get());
        mb.rows.add(row);
        List<Generation> gens = policy.sample(prepared.get(), g, config.sampling(samplerSeed(config.seed(), round, batchIndex, p)));
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
          ids.add(Arrays.copyOf(t, len));
          texts.add(gen.text());
        }
        mb.completions.addAll(ids);
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
      mb.rewards = mb.totals.stream().mapToDouble(Double::doubleValue).toArray();
      mb.advantages = GrpoMath.advantages(mb.rewards, g, config.scaleRewards());
      int b = mb.rewards.length;
      mb.lengths = new int[b];
      int longest = 0;
      for (int r = 0; r < b; r++) {
        mb.lengths[r] = mb.completions.get(r).length;
        longest = Math.max(longest, mb.lengths[r]);
        mb.tokens += mb.lengths[r];
      }
      mb.tmax = longest;
      int promptLength = 0;
      for (TrainablePolicy.PreparedPrompt pp : mb.prepared) {
        promptLength = Math.max(promptLength, pp.promptIds().length);
      }
      int longestPrompt = promptLength;
      mb.pass = config.passSize(m -> policy.activationBytes(longestPrompt, mb.tmax, m, config.scoring()));
      if (config.numIterations() > 1) {
        mb.oldLogp = scoreAll(policy, mb);
      }
      if (reference != null) {
        mb.refLogp = scoreAll(reference, mb);
      }
      return mb;
    } catch (RuntimeException e) {
      mb.close();
      throw e;
    }
  }

  /** The completions of rows {@code [from, to)} of a batch grouped by prompt: prompt index → rows. */
  private Map<Integer, int[]> byPrompt(int from, int to) {
    int g = config.numGenerations();
    Map<Integer, int[]> out = new LinkedHashMap<>();
    for (int p = from / g; p * g < to; p++) {
      out.put(p, new int[] {Math.max(from, p * g), Math.min(to, (p + 1) * g)});
    }
    return out;
  }

  /**
   * Log-probs of all completions of a batch without gradients, {@code [B, tmax]}, computed pass by
   * pass (memory-bounded) and kept in the batch's manager.
   */
  private NDArray scoreAll(TrainablePolicy model, Batch mb) {
    return GradMode.noGrad(
        () -> {
          NDList parts = new NDList();
          for (int from = 0; from < mb.rewards.length; from += mb.pass) {
            for (Map.Entry<Integer, int[]> e : byPrompt(from, Math.min(mb.rewards.length, from + mb.pass)).entrySet()) {
              int[] r = e.getValue();
              NDArray lp = model.completionLogProbs(mb.prepared.get(e.getKey()), mb.completions.subList(r[0], r[1]), mb.manager);
              parts.add(padTo(lp, mb.tmax, mb.manager));
            }
          }
          NDArray out = parts.size() == 1 ? parts.head() : NDArrays.concat(parts, 0);
          return out.stopGradient();
        });
  }

  private static NDArray padTo(NDArray lp, int width, NDManager manager) {
    long t = lp.getShape().get(1);
    if (t < width) {
      return lp.concat(manager.zeros(new Shape(lp.getShape().get(0), width - t), lp.getDataType(), lp.getDevice()), 1);
    }
    return t > width ? lp.get(":, :" + width) : lp;
  }

  /**
   * Forward and backward of one batch, pass by pass: each pass's loss is normalised as the whole
   * batch's ({@link GrpoLoss.BatchSize}) and divided by the accumulation steps, so the gradients
   * equal those of the batch at once. Returns {loss, kl, clip ratio} of the batch.
   */
  private double[] backward(StepContext ctx, Batch mb) {
    int b = mb.rewards.length;
    GrpoLoss.BatchSize batch = new GrpoLoss.BatchSize(b, mb.tokens);
    double[] out = new double[3];
    for (int start = 0; start < b; start += mb.pass) {
      int from = start;
      int to = Math.min(b, from + mb.pass);
      double[] r = ctx.collect(gc -> passBackward(gc, mb, from, to, batch));
      for (int i = 0; i < 3; i++) {
        out[i] += r[i];
      }
    }
    return out;
  }

  private double[] passBackward(GradientCollector gc, Batch mb, int from, int to, GrpoLoss.BatchSize batch) {
    List<ScoredCompletions> scored = new ArrayList<>();
    try (NDManager tmp = policy.newManager()) {
      int width = 0;
      for (int r = from; r < to; r++) {
        width = Math.max(width, mb.lengths[r]);
      }
      NDList parts = new NDList();
      for (Map.Entry<Integer, int[]> e : byPrompt(from, to).entrySet()) {
        int[] r = e.getValue();
        ScoredCompletions s = policy.score(mb.prepared.get(e.getKey()), mb.completions.subList(r[0], r[1]), config.scoring(), tmp);
        scored.add(s);
        parts.add(padTo(s.logProbs(), width, tmp));
      }
      NDArray logp = parts.size() == 1 ? parts.head() : NDArrays.concat(parts, 0);
      int rows = to - from;
      float[] mask = new float[rows * width];
      float[] adv = new float[rows];
      for (int r = 0; r < rows; r++) {
        Arrays.fill(mask, r * width, r * width + mb.lengths[from + r], 1f);
        adv[r] = (float) mb.advantages[from + r];
      }
      String slice = String.format(Locale.ROOT, "%d:%d, :%d", from, to, width);
      NDArray old = mb.oldLogp == null ? null : mb.oldLogp.get(slice);
      NDArray ref = mb.refLogp == null ? null : mb.refLogp.get(slice);
      GrpoLoss.Result res =
          GrpoLoss.compute(
              logp,
              old,
              ref,
              tmp.create(adv),
              tmp.create(mask, new Shape(rows, width)),
              config.objective(),
              batch.sequences() == rows ? null : batch);
      NDArray scaled = res.loss().div(OwnedArrays.scalarLike(res.loss(), config.gradientAccumulationSteps()));
      double value = scaled.stopGradient().toType(DataType.FLOAT64, false).getDouble();
      gc.backward(scaled);
      for (ScoredCompletions s : scored) {
        s.backward();
      }
      return new double[] {value, res.meanKl(), res.clipRatio()};
    } finally {
      for (ScoredCompletions s : scored) {
        s.close();
      }
    }
  }

  private Map<String, Object> stepMetrics(List<Batch> mbs, double loss, double kl, double clip) {
    int g = config.numGenerations();
    List<Double> all = new ArrayList<>();
    double groupStdSum = 0;
    int groups = 0;
    int zeroStd = 0;
    int minLen = Integer.MAX_VALUE;
    int maxLen = 0;
    long sumLen = 0;
    Map<String, List<Double>> comps = new LinkedHashMap<>();
    for (Batch mb : mbs) {
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
    return rec;
  }

  private void logSamples(StepContext ctx, int step, Batch mb) {
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
      ctx.log(SAMPLES_FILE, rec);
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

  /** One batch of a generation round: its prompts, completions, rewards and kept log-probs. */
  private static final class Batch implements AutoCloseable {
    final NDManager manager;
    final List<TrainExample> rows = new ArrayList<>();
    final List<TrainablePolicy.PreparedPrompt> prepared = new ArrayList<>();
    /** Completions row by row ({@code prompt × G + i}). */
    final List<int[]> completions = new ArrayList<>();
    final List<List<String>> texts = new ArrayList<>();
    final Map<String, double[]> components = new LinkedHashMap<>();
    final List<Double> totals = new ArrayList<>();
    double[] rewards;
    double[] advantages;
    int[] lengths;
    int tmax;
    long tokens;
    int pass;
    NDArray oldLogp;
    NDArray refLogp;

    Batch(NDManager manager) {
      this.manager = manager;
    }

    @Override
    public void close() {
      for (TrainablePolicy.PreparedPrompt p : prepared) {
        p.close();
      }
      manager.close();
    }
  }
}
