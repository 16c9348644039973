package org.robustr1.model.qwen;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.config.Qwen25VlConfig;

/** Generation and scoring leave no native arrays behind in the model's manager. */
class NativeMemoryTest {

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
