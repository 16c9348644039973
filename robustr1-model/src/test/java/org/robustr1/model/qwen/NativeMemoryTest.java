package org.robustr1.model.qwen;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.core.image.RgbImage;
import org.robustr1.model.Generation;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.VlmPrompt;
import org.robustr1.model.config.CheckpointConfig;
import org.robustr1.model.config.Qwen25VlConfig;
import org.robustr1.model.embedded.EmbeddedModel;
import org.robustr1.model.nn.GradMode;
import org.robustr1.model.processor.Qwen25VlProcessor;

/**
 * Generation and scoring leave no native arrays behind in the model's manager (process RSS over
 * many calls is measured by {@code org.robustr1.bench.model.GenerateRssBenchmark}).
 */
class NativeMemoryTest {

  private static RgbImage image(int w, int h, int seed) {
    byte[] px = new byte[w * h * 3];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) (i * 7 + seed * 31);
    }
    return new RgbImage(w, h, px);
  }

  /**
   * The path {@code robustr1 eval --model} takes: VlmPrompts through the processor (chat template,
   * tokenizer, image resize), a left-padded batch of prompts with different image sizes, greedy
   * and sampled decoding, text decoding of the output.
   */
  @Test
  void repeatedPromptGenerationDoesNotLeakArrays(@TempDir Path dir) throws Exception {
    EmbeddedModel.writeCheckpointFiles(dir);
    CheckpointConfig cc = CheckpointConfig.read(dir);
    try (Qwen25VlModel model = Qwen25VlModel.randomInit(cc.model(), 3, cc.generation())) {
      model.setProcessor(Qwen25VlProcessor.load(dir));
      BaseNDManager m = (BaseNDManager) model.manager();
      List<VlmPrompt> batch =
          List.of(
              VlmPrompt.of(List.of(image(112, 112, 1)), "what colour is the box?"),
              VlmPrompt.of(List.of(image(56, 84, 2), image(70, 56, 3)), "which image is brighter? answer"));
      Runnable work =
          () -> {
            List<Generation> g = model.generate(batch, SamplingConfig.greedy(6));
            assertThat(g).hasSize(2);
            model.generate(batch.subList(1, 2), new SamplingConfig(6, 0.9, 10, 0.9, 1.1, 5));
          };
      work.run();
      int before = m.getManagedArrays().size();
      for (int i = 0; i < 4; i++) {
        work.run();
      }
      assertThat(m.getManagedArrays().size()).isEqualTo(before);
    }
  }

  @Test
  void repeatedCallsDoNotLeakArrays() {
    try (Qwen25VlModel model = Qwen25VlModel.randomInit(Qwen25VlConfig.tiny(), 11)) {
      BaseNDManager m = (BaseNDManager) model.manager();
      int[] ids = FreezeAndGradientTest.promptIds();
      float[] px = FreezeAndGradientTest.pixels(16, 3);
      List<int[]> grid = List.of(new int[] {1, 4, 4});
      Runnable work =
          () -> {
            try (EncodedPrompt p = model.encode(ids, px, grid)) {
              model.generateIds(List.of(p, p), new SamplingConfig(5, 0.7, 20, 0.9, 1.1, 3), true);
              model.generateIds(List.of(p), SamplingConfig.greedy(3), false);
              try (NDArray lp = GradMode.noGrad(() -> model.logProbs(p, List.of(new int[] {5, 6})))) {
                lp.toFloatArray();
              }
            }
          };
      work.run();
      int before = m.getManagedArrays().size();
      for (int i = 0; i < 5; i++) {
        work.run();
      }
      assertThat(m.getManagedArrays().size()).isEqualTo(before);
    }
  }
}
