package org.robustr1.cli.demo;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.robustr1.core.chain.ChainFormat;
import org.robustr1.core.chain.ParsedChain;
import org.robustr1.core.chain.Section;
import org.robustr1.core.chain.TypedStrength;
import org.robustr1.model.VlmPrompt;
import org.robustr1.model.qwen.EncodedPrompt;
import org.robustr1.model.qwen.OwnedArrays;
import org.robustr1.model.qwen.Qwen25VlModel;
import org.robustr1.train.TrainResult;
import org.robustr1.train.data.PromptStyle;
import org.robustr1.train.data.RowPrompts;
import org.robustr1.train.data.TrainDataset;
import org.robustr1.train.data.TrainExample;
import org.robustr1.train.optim.AdamW;
import org.robustr1.train.optim.GradientClipping;
import org.robustr1.train.optim.LrSchedule;
import org.robustr1.train.optim.OptimizerConfig;
import org.robustr1.train.policy.QwenPolicy;

/**
 * Stage 0 of the demo, standing in for the vision-language pretraining of Qwen2.5-VL: the whole
 * model, vision tower and merger included, learns short image-grounded targets from the training
 * scenes, so that the frozen tower of the later stages gives features the language model can use,
 * as a pretrained tower does. Three tasks per training image, mixed at random:
 *
 * <ul>
 *   <li>the multiple-choice question in the answer-only prompt, target the answer text;
 *   <li>{@value #DESCRIBE}, target the first sentence of the scene's rationale (objects, colours,
 *       counts, positions);
 *   <li>{@value #DEGRADATIONS}, target the names of the applied ops in stage order ({@code none} on
 *       clean images), so the features carry degradation information as a pretrained model's do.
 * </ul>
 *
 * <p>The loss is the mean cross-entropy over the target tokens; the image is encoded with {@link
 * Qwen25VlModel#encode(VlmPrompt)} inside the gradient collector and an {@code NDScope} per sample,
 * so the vision tower gets gradients and its intermediates live until after backward (the SFT
 * trainer encodes prompts without gradients because Robust-R1 keeps the tower frozen).
 */
final class VisionWarmup {

  /** The user text of the description task. */
  static final String DESCRIBE = "Describe the picture.";
  /** The user text of the degradation task. */
  static final String DEGRADATIONS = "What degradations are in the picture?";

  /** One warm-up example: an image prompt and its target text. */
  record Sample(TrainExample row, String user, String target) {}

  private VisionWarmup() {}

  /**
   * The warm-up samples of the chain rows and their answer-only twins (same images, same order).
   */
  static List<Sample> samples(TrainDataset chain, TrainDataset answer) {
    checkArgument(chain.size() == answer.size(), "chain and answer datasets differ in size: %s vs %s", chain.size(), answer.size());
    RowPrompts raw = new RowPrompts(PromptStyle.RAW);
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < chain.size(); i++) {
      TrainExample c = chain.get(i);
      TrainExample a = answer.get(i);
      out.add(new Sample(a, raw.userText(a), a.answer()));
      ParsedChain pc = ChainFormat.DEFAULT.parse(c.answer());
      pc.section(Section.REASONING).map(VisionWarmup::firstSentence).filter(s -> !s.isBlank())
          .ifPresent(s -> out.add(new Sample(c, DESCRIBE, s)));
      String types = pc.types().stream().map(TypedStrength::name).collect(Collectors.joining(", "));
      out.add(new Sample(c, DEGRADATIONS, types.isBlank() ? "none" : types));
    }
    return out;
  }

  private static String firstSentence(String text) {
    String t = text.strip();
    int dot = t.indexOf(". ");
    return dot < 0 ? t : t.substring(0, dot + 1);
  }

  /**
   * Trains every parameter of {@code policy}'s model on {@code samples} for {@code steps} steps of
   * {@code batch} samples (AdamW, cosine schedule with 10 % warm-up), then freezes the vision tower
   * again and writes the model to {@code outDir}.
   */
  static TrainResult train(QwenPolicy policy, List<Sample> samples, int steps, int batch, double lr, long seed, Path outDir)
      throws IOException {
    requireNonNull(policy, "policy");
    checkArgument(!samples.isEmpty(), "no warm-up samples");
    Qwen25VlModel model = policy.model();
    Files.createDirectories(outDir);
    OptimizerConfig oc = OptimizerConfig.sftDefaults().withLearningRate(lr)
        .withSchedule(org.robustr1.train.optim.ScheduleType.COSINE, -1, 0.1).withWeightDecay(0.0);
    List<Map<String, Object>> metrics = new ArrayList<>();
    Random rnd = new Random(seed ^ 0x5EED0L);
    RowPrompts prompts = new RowPrompts(PromptStyle.RAW);
    model.setVisionFrozen(false);
    try (AdamW opt = new AdamW(oc, policy.trainableParameters())) {
      LrSchedule schedule = new LrSchedule(oc, steps);
      int skipped = 0;
      for (int step = 0; step < steps; step++) {
        long t0 = System.nanoTime();
        double loss = 0;
        List<Sample> mb = new ArrayList<>(batch);
        List<int[]> targets = new ArrayList<>(batch);
        long tokens = 0;
        for (int i = 0; i < batch; i++) {
          Sample s = samples.get(rnd.nextInt(samples.size()));
          int[] t = policy.assistantTargetIds(s.target());
          mb.add(s);
          targets.add(t);
          tokens += t.length;
        }
        for (int i = 0; i < batch; i++) {
          Sample s = mb.get(i);
          VlmPrompt p = prompts.prompt(s.row());
          VlmPrompt q = new VlmPrompt(p.images(), s.user(), null);
          try (NDManager tmp = NDManager.newBaseManager();
              NDScope scope = new NDScope();
              GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            scope.suppressNotUsedWarning();
            try (EncodedPrompt enc = model.encode(q)) {
              NDArray lp = model.logProbs(tmp, enc, List.of(targets.get(i)));
              NDArray l = lp.sum().neg().div(OwnedArrays.scalarLike(lp, (double) tokens));
              loss += l.stopGradient().toType(DataType.FLOAT64, false).getDouble();
              gc.backward(l);
            }
          }
        }
        double norm = GradientClipping.clipGlobalNorm(opt.parameters().values(), oc.maxGradNorm());
        double rate = schedule.lr(step);
        if (Double.isFinite(norm)) {
          opt.update(rate);
        } else {
          opt.zeroGradients();
          skipped++;
        }
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("step", step + 1);
        rec.put("loss", loss);
        rec.put("lr", rate);
        rec.put("grad_norm", norm);
        rec.put("skipped_nonfinite", skipped);
        rec.put("step_time", (System.nanoTime() - t0) / 1e9);
        metrics.add(rec);
      }
    } finally {
      model.setVisionFrozen(true);
    }
    model.save(outDir);
    return new TrainResult(steps, null, outDir, ImmutableList.copyOf(metrics));
  }

  /** Loads every weight written by {@link #train} into {@code policy}, leaving the tower frozen. */
  static void load(QwenPolicy policy, Path dir) {
    policy.model().setVisionFrozen(false);
    try {
      policy.loadTrainable(dir);
    } finally {
      policy.model().setVisionFrozen(true);
    }
  }
}
