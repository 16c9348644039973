package org.robustr1.demo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.robustr1.core.io.TrainRow;
import org.robustr1.demo.pretrain.PretrainingTasks;
import org.robustr1.eval.data.ImageCodec;
import org.robustr1.model.embedded.EmbeddedModel;
import org.robustr1.tiny.RobustR1Tiny;
import org.robustr1.train.RunOptions;
import org.robustr1.train.TrainResult;
import org.robustr1.train.checkpoint.Checkpointer;
import org.robustr1.train.data.ImageRoot;
import org.robustr1.train.data.OnBadRow;
import org.robustr1.train.data.PromptStyle;
import org.robustr1.train.data.TrainDataReader;
import org.robustr1.train.optim.OptimizerConfig;
import org.robustr1.train.optim.ScheduleType;
import org.robustr1.train.policy.QwenPolicy;
import org.robustr1.train.sft.SftConfig;
import org.robustr1.train.sft.SftTrainer;

/**
 * A third pretraining stage on clean scene questions only: the shipped {@code robustr1-tiny}
 * fine-tuned on pretraining's own {@code QUESTION} and {@code MULTIPLE_CHOICE} samples (clean
 * procedural scenes, no chain format, no degradation), language model only. Usage: {@code OUT STEPS
 * LR [SAMPLES [explain]]} (default 6,000 samples, batch 8). With {@code explain}, a third of the
 * samples are {@code EXPLAIN_THEN_ANSWER} (the rationales and "So the answer is X." with the choices
 * in view, then the answer again, "Answer: X", as a chain repeats its CONCLUSION in ANSWER).
 * Prints the folder of the resulting model, for {@code robustr1 demo --pretrained}. It starts from
 * the checkpoint folder in the system property {@code base} (default: the shipped weights, which
 * since 4d91f0d already end with this stage as {@code robustr1 pretrain}'s stage C; the runs in
 * docs/demo.md started from the stage-B weights shipped before, see docs/experiments/README.md).
 */
public final class SceneQaStage {

  public static void main(String[] a) throws Exception {
    Path out = Path.of(a[0]);
    int steps = Integer.parseInt(a[1]);
    double lr = Double.parseDouble(a[2]);
    int samples = a.length > 3 ? Integer.parseInt(a[3]) : 6000;
    boolean explain = a.length > 4 && a[4].equals("explain");
    Map<PretrainingTasks.Task, Double> mix = new java.util.EnumMap<>(PretrainingTasks.Task.class);
    mix.put(PretrainingTasks.Task.QUESTION, 1.0);
    mix.put(PretrainingTasks.Task.MULTIPLE_CHOICE, 1.0);
    if (explain) {
      mix.put(PretrainingTasks.Task.EXPLAIN_THEN_ANSWER, 1.0);
    }
    PretrainingTasks tasks = PretrainingTasks.of(20261207L, EmbeddedModel.IMAGE_SIZE, mix);
    Path images = Files.createDirectories(out.resolve("img"));
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < samples; i++) {
      PretrainingTasks.Sample s = tasks.sample(i);
      String name = "s" + i + ".png";
      Files.write(images.resolve(name), ImageCodec.encode(s.image(), "png"));
      rows.add(TrainRow.of(List.of(name), "<image>" + s.user(), s.target()).toCompactJson());
    }
    Path file = out.resolve("train.jsonl");
    Files.write(file, rows, StandardCharsets.UTF_8);
    String base = System.getProperty("base");
    try (QwenPolicy policy = QwenPolicy.load(base == null ? RobustR1Tiny.checkpointDir() : Path.of(base))) {
      SftConfig cfg =
          SftConfig.defaults()
              .withBatch(8, 1)
              .withSteps(1, steps)
              .withCutoffLen(1024)
              .withOptimizer(OptimizerConfig.sftDefaults().withLearningRate(lr).withSchedule(ScheduleType.COSINE, -1, 0.1))
              .withSeedAndSaving(1, 0)
              .withPromptStyle(PromptStyle.RAW);
      TrainResult r = new SftTrainer(cfg, policy)
          .train(TrainDataReader.read(file, new ImageRoot(images), OnBadRow.FAIL, true), RunOptions.of(out.resolve("run")).withProgressBar(false));
      System.out.println("model: " + r.finalCheckpoint().resolve(Checkpointer.MODEL_DIR));
    }
  }

}
