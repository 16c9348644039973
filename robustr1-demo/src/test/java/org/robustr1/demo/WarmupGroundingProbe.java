package org.robustr1.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.robustr1.degrade.scenes.SceneDatasetGenerator;
import org.robustr1.model.VlmPrompt;
import org.robustr1.model.config.CheckpointConfig;
import org.robustr1.model.embedded.EmbeddedModel;
import org.robustr1.model.processor.Qwen25VlProcessor;
import org.robustr1.model.qwen.Qwen25VlModel;
import org.robustr1.train.policy.QwenPolicy;

/**
 * Manual diagnostic, not run by surefire (the name matches no test pattern): loads a warm-up
 * checkpoint ({@code -Dprobe.dir=DIR/train/warmup/model}, {@code -Dprobe.seed=7}) and prints the
 * mean loss of the grid-colour targets on held-out scenes with the scene's own image and with a
 * neighbour's image; a gap means the warmed-up model reads per-token image content.
 */
class WarmupGroundingProbe {

  @Test
  void probe() throws Exception {
    Assumptions.assumeTrue(System.getProperty("probe.dir") != null, "set -Dprobe.dir=DIR/train/warmup/model");
    Path ckpt = Path.of(System.getProperty("probe.dir"));
    long seed = Long.getLong("probe.seed", 7);
    SceneDatasetGenerator gen = SceneDatasetGenerator.builder().optTrainSize(8).optValSize(40)
        .optImageSize(EmbeddedModel.IMAGE_SIZE).optSeed(seed).build();
    List<GridQuestions.Item> s = GridQuestions.of(gen.generateSplit(SceneDatasetGenerator.VAL));
    Path dir = Files.createTempDirectory("gprobe");
    CheckpointConfig c = EmbeddedModel.checkpointConfig();
    Qwen25VlModel model = Qwen25VlModel.randomInit(c.model(), seed, c.generation());
    model.setProcessor(Qwen25VlProcessor.load(EmbeddedModel.writeCheckpointFiles(dir)));
    try (QwenPolicy policy = new QwenPolicy(model)) {
      VisionWarmup.load(policy, ckpt);
      double own = 0;
      double other = 0;
      int n = 0;
      for (int i = 0; i < s.size(); i++) {
        GridQuestions.Item a = s.get(i);
        GridQuestions.Item b = s.get((i + 7) % s.size());
        int[] t = policy.assistantTargetIds(a.target());
        own += VisionOverfitProbe.evalLoss(model, VlmPrompt.of(List.of(a.image()), a.user()), t);
        other += VisionOverfitProbe.evalLoss(model, VlmPrompt.of(List.of(b.image()), a.user()), t);
        n++;
      }
      System.out.printf("held-out grid colour loss: own image %.4f, other image %.4f (n=%d, ln 6 = 1.79)%n", own / n, other / n, n);
    }
  }
}
