package org.robustr1.demo;

import java.nio.file.Path;
import java.util.Locale;
import org.robustr1.degrade.dataset.OutputMode;
import org.robustr1.degrade.scenes.SceneDataset;
import org.robustr1.tiny.RobustR1Tiny;
import org.robustr1.train.policy.QwenPolicy;
import org.robustr1.train.sft.SftTrainer;

/**
 * One arm of the demo's SFT at another peak learning rate; everything else is the demo's. Usage:
 * {@code OUT SEED ARM LR} with ARM {@code baseline} (answers only, the baseline's steps) or {@code
 * chain} (chain SFT, then the chains' TYPE on the perception set). Prints the accuracy per level and,
 * for chains, the perception macro-F1, intensity MAE and ρ(length, intensity).
 */
public final class LrSweep {

  public static void main(String[] a) throws Exception {
    Path out = Path.of(a[0]);
    long seed = Long.parseLong(a[1]);
    boolean chain = switch (a[2]) {
      case "baseline" -> false;
      case "chain" -> true;
      default -> throw new IllegalArgumentException("ARM must be baseline or chain, got " + a[2]);
    };
    double lr = Double.parseDouble(a[3]);
    DemoConfig cfg = DemoConfig.full(seed);
    DemoPipeline p = new DemoPipeline(cfg, out, System.out);
    SceneDataset scenes = p.generateScenes();
    Path dir = p.trainingSet(scenes, chain ? OutputMode.CHAIN : OutputMode.ANSWER_ONLY);
    int steps = chain ? cfg.sftSteps() : cfg.baselineSteps();
    String label = (chain ? "chain" : "baseline") + "-lr" + a[3];
    try (QwenPolicy policy = QwenPolicy.load(RobustR1Tiny.checkpointDir())) {
      new SftTrainer(p.sftConfig(steps, lr), policy).train(DemoPipeline.readTrain(dir), p.runOptions("train/" + label));
      ModelEval e = p.evaluate(label, policy.model(), chain, chain ? 160 : DemoPipeline.ANSWER_TOKENS, scenes, DemoPipeline.TRACKS);
      System.out.println("eval " + label + " " + e.accuracyLine());
      if (chain) {
        PerceptionScores s = PerceptionScores.of(p.perceive(policy, DemoPipeline.readTrain(p.perceptionSet(scenes)), 160));
        System.out.printf(Locale.ROOT, "perception %s macroF1 %.3f mae %.3f (%d pairs) rho %.3f%n", label, s.macroF1(),
            s.intensityMae(), s.matched(), s.lengthIntensitySpearman());
      }
    }
  }
}
