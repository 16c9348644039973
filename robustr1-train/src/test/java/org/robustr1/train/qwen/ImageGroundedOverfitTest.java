package org.robustr1.train.qwen;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.robustr1.core.image.RgbImage;
import org.robustr1.model.VlmPrompt;
import org.robustr1.model.config.CheckpointConfig;
import org.robustr1.model.embedded.EmbeddedModel;
import org.robustr1.model.nn.GradMode;
import org.robustr1.model.processor.Qwen25VlProcessor;
import org.robustr1.model.qwen.EncodedPrompt;
import org.robustr1.model.qwen.Qwen25VlModel;
import org.robustr1.train.optim.AdamW;
import org.robustr1.train.optim.GradientClipping;
import org.robustr1.train.optim.OptimizerConfig;
import org.robustr1.train.policy.QwenPolicy;

/**
 * The training path carries the image into the loss: the embedded tiny model, trained with the
 * real encode / sftLoss / AdamW path, overfits 20 examples whose answer only the image tells (one
 * question for all, four colours, each image a slightly different shade of its colour). The text
 * prior alone cannot go below ln 4 / 2 ≈ 0.69 (answer token and {@code <|im_end|>}); the trained
 * model must get well below it, and must get worse when shown another colour's image. Run with the
 * vision tower trainable (encode inside the collector, the demo warm-up's path) and frozen
 * (features encoded without gradient, the SFT trainer's path).
 */
class ImageGroundedOverfitTest {

  private static final String[] COLORS = {"red", "green", "blue", "yellow"};
  private static final int[][] RGB = {{220, 30, 30}, {30, 200, 40}, {30, 40, 220}, {230, 220, 30}};
  private static final String QUESTION = "What color is the picture?\n0. red\n1. green\n2. blue\n3. yellow\n";

  record Example(VlmPrompt prompt, int[] target, int color) {}

  @ParameterizedTest(name = "vision frozen: {0}")
  @ValueSource(booleans = {false, true})
  void overfitsImageDependentAnswers(boolean visionFrozen, @TempDir Path dir) throws Exception {
    CheckpointConfig c = EmbeddedModel.checkpointConfig();
    Qwen25VlModel model = Qwen25VlModel.randomInit(c.model(), 5, c.generation());
    model.setProcessor(Qwen25VlProcessor.load(EmbeddedModel.writeCheckpointFiles(dir)));
    try (QwenPolicy policy = new QwenPolicy(model)) {
      Random rnd = new Random(11);
      List<Example> examples = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        int color = i % COLORS.length;
        examples.add(new Example(VlmPrompt.of(List.of(solid(RGB[color], rnd)), QUESTION), policy.assistantTargetIds(COLORS[color]), color));
      }
      model.setVisionFrozen(visionFrozen);
      OptimizerConfig oc = OptimizerConfig.sftDefaults().withLearningRate(2e-3).withWeightDecay(0.0);
      double visionGrad = 0;
      try (AdamW opt = new AdamW(oc, policy.trainableParameters())) {
        for (int step = 0; step < 160; step++) {
          for (int b = 0; b < 4; b++) {
            Example e = examples.get(rnd.nextInt(examples.size()));
            try (NDManager tmp = NDManager.newBaseManager();
                NDScope scope = new NDScope();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
              scope.suppressNotUsedWarning();
              EncodedPrompt enc = visionFrozen ? GradMode.noGrad(() -> model.encode(e.prompt())) : model.encode(e.prompt());
              try (enc) {
                gc.backward(model.sftLoss(tmp, enc, List.of(e.target())).div(4));
              }
            }
          }
          if (step == 0 && !visionFrozen) {
            try (NDArray g = model.namedParameters().get("visual.merger.mlp.2.weight").getArray().getGradient()) {
              visionGrad = g.abs().sum().getFloat();
            }
          }
          GradientClipping.clipGlobalNorm(opt.parameters().values(), 1.0);
          opt.update(2e-3);
        }
      } finally {
        model.setVisionFrozen(true);
      }
      if (!visionFrozen) {
        assertThat(visionGrad).as("gradient reaching the merger through model.encode").isGreaterThan(0);
      }
      double own = 0;
      double wrong = 0;
      for (Example e : examples) {
        own += loss(model, e.prompt(), e.target());
        Example other = examples.get((examples.indexOf(e) + 1) % examples.size());
        wrong += loss(model, new VlmPrompt(other.prompt().images(), QUESTION, null), e.target());
      }
      own /= examples.size();
      wrong /= examples.size();
      assertThat(own).as("mean loss with the right image (text prior floor ln4/2 = 0.69)").isLessThan(0.2);
      assertThat(wrong).as("mean loss with another colour's image").isGreaterThan(own + 1.0);
    }
  }

  private static double loss(Qwen25VlModel model, VlmPrompt prompt, int[] target) {
    return GradMode.noGrad(
        () -> {
          try (NDManager tmp = NDManager.newBaseManager(); EncodedPrompt enc = model.encode(prompt)) {
            return (double) model.sftLoss(tmp, enc, List.of(target)).getFloat();
          }
        });
  }

  private static RgbImage solid(int[] rgb, Random rnd) {
    int n = EmbeddedModel.IMAGE_SIZE;
    byte[] px = new byte[n * n * 3];
    int shade = rnd.nextInt(41) - 20;
    for (int i = 0; i < n * n; i++) {
      for (int ch = 0; ch < 3; ch++) {
        px[3 * i + ch] = (byte) Math.max(0, Math.min(255, rgb[ch] + shade));
      }
    }
    return new RgbImage(n, n, px);
  }
}
