package org.robustr1.demo;

import java.nio.file.Path;
import org.robustr1.degrade.scenes.SceneDataset;
import org.robustr1.tiny.RobustR1Tiny;
import org.robustr1.train.policy.QwenPolicy;

/**
 * A checkpoint evaluated as it is, without any fine-tuning, on the demo's held-out scenes of a seed
 * (answer-only prompt, greedy, clean and the official 25 / 50 / 100 % tracks): the reference the
 * two arms start from. Usage: {@code OUT SEED [MODEL_DIR]} (default the shipped {@code robustr1-tiny}).
 * Prints the accuracy per level, then per question kind.
 */
public final class EvalPretrained {

  public static void main(String[] a) throws Exception {
    DemoConfig cfg = DemoConfig.full(Long.parseLong(a[1]));
    DemoPipeline p = new DemoPipeline(cfg, Path.of(a[0]), System.out);
    SceneDataset scenes = p.generateScenes();
    Path model = a.length > 2 ? Path.of(a[2]) : RobustR1Tiny.checkpointDir();
    try (QwenPolicy policy = QwenPolicy.load(model)) {
      ModelEval e = p.evaluate("pretrained", policy.model(), false, DemoPipeline.ANSWER_TOKENS, scenes, DemoPipeline.TRACKS);
      e.accuracyByKind().forEach((k, v) -> System.out.println(k + " " + v.values().stream()
          .map(t -> String.format(java.util.Locale.ROOT, "%s %.3f", t.track(), t.accuracy())).toList()));
    }
  }
}
