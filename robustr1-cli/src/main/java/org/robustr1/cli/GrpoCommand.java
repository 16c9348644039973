package org.robustr1.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.robustr1.core.reward.CompositeReward;
import org.robustr1.model.config.Qwen25VlConfig;
import org.robustr1.train.TrainResult;
import org.robustr1.train.data.RowPrompts;
import org.robustr1.train.data.TrainDataset;
import org.robustr1.train.grpo.GrpoConfig;
import org.robustr1.train.grpo.GrpoRewards;
import org.robustr1.train.grpo.GrpoTrainer;
import org.robustr1.train.grpo.LossType;
import org.robustr1.train.grpo.ScaleRewards;
import org.robustr1.train.memory.MemoryEstimate;
import org.robustr1.train.optim.OptimizerConfig;
import org.robustr1.train.optim.ScheduleType;
import org.robustr1.train.policy.QwenPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code robustr1 grpo}: GRPO with the official Robust-R1 rewards and defaults. */
@Command(
    name = "grpo",
    mixinStandardHelpOptions = true,
    description = {
      "GRPO with accuracy + format + r_deg + r_len (official run_grpo_robust.sh defaults; vision tower and merger frozen).",
      "Writes metrics.jsonl (+ metrics.csv, metrics.png), completions.jsonl and checkpoint-N/ (model/, optimizer.safetensors,",
      "run_config.json, trainer_state.json) under --out. A resume with other settings is refused unless --resume-force."
    })
public final class GrpoCommand implements Callable<Integer> {

  @Mixin TrainCommands run;



  @Option(names = "--model", required = true, description = "policy checkpoint folder (the SFT model)")
  Path model;

  @Option(names = "--ref-model", description = "frozen reference checkpoint (default: --model)")
  Path refModel;



  @Option(names = "--epochs", defaultValue = "1", description = "epochs (default ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--seed", defaultValue = "42", description = "seed (default ${DEFAULT-VALUE})")
  long seed;


  @Option(names = "--num-generations", defaultValue = "8", description = "completions per prompt G (default ${DEFAULT-VALUE})")
  int numGenerations;

  @Option(names = "--batch-size", defaultValue = "8", description = "completions per micro-batch, a multiple of G (default ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--grad-accum", defaultValue = "2", description = "gradient accumulation steps (default ${DEFAULT-VALUE})")
  int gradAccum;

  @Option(names = "--max-completion-length", defaultValue = "2048", description = "max new tokens (default ${DEFAULT-VALUE})")
  int maxCompletionLength;

  @Option(names = "--temperature", defaultValue = "1.0", description = "rollout temperature (default ${DEFAULT-VALUE})")
  double temperature;

  @Option(names = "--top-p", defaultValue = "1.0", description = "rollout top-p (default ${DEFAULT-VALUE})")
  double topP;

  @Option(names = "--top-k", defaultValue = "50", description = "rollout top-k, 0 = off (default ${DEFAULT-VALUE})")
  int topK;

  @Option(names = "--beta", defaultValue = "0.04", description = "k3 KL weight (default ${DEFAULT-VALUE})")
  double beta;

  @Option(names = "--epsilon", defaultValue = "0.2", description = "clip range (default ${DEFAULT-VALUE})")
  double epsilon;

  @Option(names = "--epsilon-high", defaultValue = "-1", description = "upper clip range (default: --epsilon)")
  double epsilonHigh;

  @Option(names = "--num-iterations", defaultValue = "1", description = "updates per generated batch (default ${DEFAULT-VALUE})")
  int numIterations;

  @Option(names = "--loss-type", defaultValue = "GRPO", description = "GRPO | BNPO | DR_GRPO (default ${DEFAULT-VALUE})")
  LossType lossType;

  @Option(names = "--scale-rewards", defaultValue = "GROUP", description = "GROUP | BATCH | NONE (default ${DEFAULT-VALUE})")
  ScaleRewards scaleRewards;

  @Option(names = "--lr", defaultValue = "1e-6", description = "learning rate (default ${DEFAULT-VALUE})")
  double lr;

  @Option(names = "--schedule", defaultValue = "LINEAR", description = "CONSTANT | LINEAR | COSINE (default ${DEFAULT-VALUE})")
  ScheduleType schedule;

  @Option(names = "--warmup-steps", defaultValue = "0", description = "warm-up steps (default ${DEFAULT-VALUE})")
  int warmupSteps;

  @Option(names = "--max-grad-norm", defaultValue = "1.0", description = "global gradient-norm clip (default ${DEFAULT-VALUE})")
  double maxGradNorm;

  @Option(names = "--reward-weight", split = ",", description = "component weight, e.g. --reward-weight type=2 (accuracy, format, type, length)")
  Map<String, Double> rewardWeights = new LinkedHashMap<>();

  @Option(names = "--save-steps", defaultValue = "100", description = "checkpoint interval (default ${DEFAULT-VALUE})")
  int saveSteps;

  @Option(names = "--log-completions-steps", defaultValue = "10", description = "sample completions every N steps (default ${DEFAULT-VALUE})")
  int logCompletionsSteps;

  @Option(
      names = "--micro-batch-size",
      defaultValue = "0",
      description = "completions per forward/backward pass; the loss keeps the batch's normalisation, so the gradients do not change."
          + " 0 = chosen per batch from its longest completion to stay near 1.5 GiB of activations (default ${DEFAULT-VALUE})")
  int microBatchSize;

  @Option(
      names = "--gradient-checkpointing",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "keep only each decoder layer's input and recompute the layer in the backward pass (default ${DEFAULT-VALUE},"
          + " as the official script)")
  boolean gradientCheckpointing;




  @Override
  public Integer call() throws Exception {
    GrpoConfig.Builder b =
        GrpoConfig.builder()
            .optNumGenerations(numGenerations)
            .optBatchSize(batchSize)
            .optGradientAccumulationSteps(gradAccum)
            .optMaxCompletionLength(maxCompletionLength)
            .optTemperature(temperature)
            .optTopP(topP)
            .optTopK(topK)
            .optBeta(beta)
            .optEpsilon(epsilon)
            .optNumIterations(numIterations)
            .optLossType(lossType)
            .optScaleRewards(scaleRewards)
            .optOptimizer(
                OptimizerConfig.grpoDefaults()
                    .withLearningRate(lr)
                    .withSchedule(schedule, warmupSteps, 0)
                    .withMaxGradNorm(maxGradNorm))
            .optNumEpochs(epochs)
            .optMaxSteps(run.maxSteps)
            .optSeed(seed)
            .optSaveSteps(saveSteps)
            .optLogCompletions(logCompletionsSteps, 2)
            .optRewardWeights(rewardWeights)
            .optMicroBatchSize(microBatchSize)
            .optGradientCheckpointing(gradientCheckpointing);
    if (epsilonHigh >= 0) {
      b.optEpsilonHigh(epsilonHigh);
    }
    GrpoConfig cfg = b.build();
    if (run.estimateMemory) {
      Qwen25VlConfig mc = Qwen25VlConfig.read(model);
      run.printEstimates(
          MemoryEstimate.grpo(mc, cfg, run.promptTokens, MemoryEstimate.Precision.FP32),
          MemoryEstimate.grpo(mc, cfg, run.promptTokens, MemoryEstimate.Precision.BF16));
      return 0;
    }
    return run.run("grpo", () -> train(cfg));
  }

  private String train(GrpoConfig cfg) throws Exception {
    TrainDataset ds = run.readData();
    RunRecords records = beta == 0 ? run.records(seed, model) : run.records(seed, model, refModel == null ? model : refModel);
    try (QwenPolicy policy = run.loadPolicy(model);
        QwenPolicy reference = beta == 0 ? null : run.loadPolicy(refModel == null ? model : refModel)) {
      CompositeReward reward = GrpoRewards.official(policy.tokenCounter(), cfg.rewardWeights());
      TrainResult r =
          new GrpoTrainer(cfg, policy, reference, reward, new RowPrompts(run.promptStyle))
              .train(ds, run.runOptions(records));
      records.finish(run.out, r.finalCheckpoint());
      StringBuilder done = new StringBuilder(TrainCommands.done("GRPO", r));
      List<Map<String, Object>> m = r.metrics();
      if (m.size() >= 3) {
        int q = m.size() / 3;
        done.append(
            String.format(
                Locale.ROOT,
                "%nfirst third -> last third of the %d steps of this run: reward %.3f -> %.3f, r_deg (type_reward) %.3f -> %.3f",
                m.size(),
                mean(m.subList(0, q), "reward"),
                mean(m.subList(m.size() - q, m.size()), "reward"),
                mean(m.subList(0, q), "rewards/type_reward/mean"),
                mean(m.subList(m.size() - q, m.size()), "rewards/type_reward/mean")));
      }
      return done.toString();
    }
  }

  private static double mean(List<Map<String, Object>> recs, String key) {
    return recs.stream().mapToDouble(x -> x.get(key) instanceof Number n ? n.doubleValue() : Double.NaN).average().orElse(Double.NaN);
  }
}
