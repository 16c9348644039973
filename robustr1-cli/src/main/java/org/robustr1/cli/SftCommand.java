package org.robustr1.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.robustr1.model.config.Qwen25VlConfig;
import org.robustr1.model.qwen.ScoringOptions;
import org.robustr1.train.TrainResult;
import org.robustr1.train.data.TrainDataset;
import org.robustr1.train.memory.MemoryEstimate;
import org.robustr1.train.optim.OptimizerConfig;
import org.robustr1.train.optim.ScheduleType;
import org.robustr1.train.policy.QwenPolicy;
import org.robustr1.train.sft.SftConfig;
import org.robustr1.train.sft.SftTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code robustr1 sft}: supervised fine-tuning of Qwen2.5-VL on structured degradation chains. */
@Command(
    name = "sft",
    mixinStandardHelpOptions = true,
    description = {
      "Supervised fine-tuning on train.jsonl chains (assistant tokens only; vision tower and merger frozen).",
      "Writes metrics.jsonl (+ metrics.csv, metrics.png) and checkpoint-N/ (model/, optimizer.safetensors, run_config.json,",
      "trainer_state.json) under --out. A resume with other settings is refused unless --resume-force."
    })
public final class SftCommand implements Callable<Integer> {

  @Mixin TrainCommands run;



  @Option(names = "--model", required = true, description = "Hugging Face Qwen2.5-VL checkpoint folder")
  Path model;



  @Option(names = "--epochs", defaultValue = "3", description = "epochs (default ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--seed", defaultValue = "42", description = "seed of the data order (default ${DEFAULT-VALUE})")
  long seed;


  @Option(names = "--lr", defaultValue = "1e-5", description = "peak learning rate (default ${DEFAULT-VALUE})")
  double lr;

  @Option(names = "--schedule", defaultValue = "COSINE", description = "CONSTANT | LINEAR | COSINE (default ${DEFAULT-VALUE})")
  ScheduleType schedule;

  @Option(names = "--warmup-ratio", defaultValue = "0.1", description = "warm-up fraction of the steps (default ${DEFAULT-VALUE})")
  double warmupRatio;

  @Option(names = "--weight-decay", defaultValue = "0.0", description = "AdamW decoupled weight decay (default ${DEFAULT-VALUE})")
  double weightDecay;

  @Option(names = "--max-grad-norm", defaultValue = "1.0", description = "global gradient-norm clip, <= 0 disables (default ${DEFAULT-VALUE})")
  double maxGradNorm;

  @Option(names = "--batch-size", defaultValue = "1", description = "samples per micro-batch (default ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--grad-accum", defaultValue = "2", description = "gradient accumulation steps (default ${DEFAULT-VALUE})")
  int gradAccum;

  @Option(names = "--cutoff-len", defaultValue = "2048", description = "max prompt+answer tokens; longer samples are dropped, never cut (default ${DEFAULT-VALUE})")
  int cutoffLen;

  @Option(names = "--save-steps", defaultValue = "500", description = "checkpoint interval (default ${DEFAULT-VALUE})")
  int saveSteps;

  @Option(
      names = "--gradient-checkpointing",
      negatable = true,
      defaultValue = "false",
      fallbackValue = "true",
      description = "keep only each decoder layer's input and recompute the layer in the backward pass (default ${DEFAULT-VALUE})")
  boolean gradientCheckpointing;

  @Option(
      names = "--batched-scoring",
      negatable = true,
      defaultValue = "false",
      fallbackValue = "true",
      description = "score each micro-batch (--batch-size samples) in one padded pass instead of one pass per sample: faster,"
          + " the same loss to float rounding, activations of the whole micro-batch at once (default ${DEFAULT-VALUE})")
  boolean batchedScoring;




  @Override
  public Integer call() throws Exception {
    OptimizerConfig opt =
        OptimizerConfig.sftDefaults()
            .withLearningRate(lr)
            .withSchedule(schedule, -1, warmupRatio)
            .withWeightDecay(weightDecay)
            .withMaxGradNorm(maxGradNorm);
    SftConfig cfg =
        new SftConfig(batchSize, gradAccum, epochs, run.maxSteps, cutoffLen, opt, seed, saveSteps, run.promptStyle)
            .withScoring(ScoringOptions.defaults().withGradientCheckpointing(gradientCheckpointing))
            .withBatchedScoring(batchedScoring);
    if (run.estimateMemory) {
      Qwen25VlConfig mc = Qwen25VlConfig.read(model);
      run.printEstimates(
          MemoryEstimate.sft(mc, cfg, run.promptTokens, MemoryEstimate.Precision.FP32),
          MemoryEstimate.sft(mc, cfg, run.promptTokens, MemoryEstimate.Precision.BF16));
      return 0;
    }
    return run.run(
        "sft",
        () -> {
          TrainDataset ds = run.readData();
          RunRecords records = run.records(seed, model);
          try (QwenPolicy policy = run.loadPolicy(model)) {
            TrainResult r = new SftTrainer(cfg, policy).train(ds, run.runOptions(records));
            records.finish(run.out, r.finalCheckpoint());
            return TrainCommands.done("SFT", r);
          }
        });
  }
}
