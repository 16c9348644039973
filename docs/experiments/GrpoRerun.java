package org.robustr1.demo;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.robustr1.degrade.scenes.SceneDataset;
import org.robustr1.train.TrainResult;
import org.robustr1.train.checkpoint.Checkpointer;
import org.robustr1.train.data.TrainDataset;
import org.robustr1.train.policy.QwenPolicy;

/**
 * The demo's GRPO and chain evaluation again, from the chain SFT result of a finished demo run, with
 * GRPO fields of {@link DemoConfig} changed by name (as {@link DemoVariant} takes them). Usage:
 * {@code RUN SEED OUT NAME=VALUE...}, for example {@code runs/demo 7 runs/g8 grpoGenerations=8
 * grpoSteps=48}. Prints the mean reward and r_deg of the first and last quarter of the steps and
 * the accuracy per level (compare with RUN's report for the baseline).
 */
public final class GrpoRerun {

  public static void main(String[] a) throws Exception {
    Path run = Path.of(a[0]);
    Path out = Path.of(a[2]);
    String[] variant = new String[a.length - 2];
    variant[0] = a[1];
    System.arraycopy(a, 3, variant, 1, a.length - 3);
    DemoConfig cfg = DemoVariant.config(variant);
    DemoPipeline p = new DemoPipeline(cfg, out, System.out);
    SceneDataset scenes = p.generateScenes();
    TrainDataset chainData = DemoPipeline.readTrain(run.resolve("data/chain"));
    Path sftModel = new Checkpointer(run.resolve("train/sft")).latest()
        .orElseThrow(() -> new IllegalArgumentException(run + "/train/sft holds no checkpoint"))
        .resolve(Checkpointer.MODEL_DIR);
    int chainTokens = DemoPipeline.longestChainTokens(sftModel, chainData);
    try (QwenPolicy policy = QwenPolicy.load(sftModel)) {
      long t = System.nanoTime();
      TrainResult r = p.grpo(policy, sftModel, chainData, Math.min(cfg.grpoMaxTokens(), chainTokens + 8), "train/grpo");
      double grpoSeconds = (System.nanoTime() - t) / 1e9;
      TrainSummary grpo = TrainSummary.of("GRPO", r, "reward");
      double[] reward = TrainCurves.quarters(grpo, "reward");
      double[] rdeg = TrainCurves.quarters(grpo, TrainCurves.RDEG);
      System.out.printf(Locale.ROOT, "grpo %s: %.1f s, reward %.2f -> %.2f, r_deg %.2f -> %.2f%n",
          Arrays.toString(Arrays.copyOfRange(a, 3, a.length)), grpoSeconds, reward[0], reward[1], rdeg[0], rdeg[1]);
      p.evaluate("sft+grpo", policy.model(), true, Math.min(cfg.evalMaxTokens(), chainTokens + 8), scenes,
          DemoPipeline.TRACKS);
    }
  }
}
