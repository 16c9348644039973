package org.robustr1.model.generate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.robustr1.model.SamplingConfig;

/**
 * {@link TensorSampler} draws the same tokens as {@link LogitsSampler} on the whole row, with the
 * same per-row streams, over many steps whose contexts grow with the picks.
 */
class TensorSamplerTest {

  static List<SamplingConfig> configs() {
    return List.of(
        SamplingConfig.greedy(1),
        new SamplingConfig(1, 0, 0, 1, 1.3, 0),
        new SamplingConfig(1, 1.0, 50, 1.0, 1.0, 11),
        new SamplingConfig(1, 0.7, 20, 0.9, 1.1, 3),
        new SamplingConfig(1, 1.3, 1, 1.0, 1.0, 5),
        new SamplingConfig(1, 1.0, 0, 1.0, 1.0, 7),
        new SamplingConfig(1, 0.8, 0, 0.7, 1.2, 9),
        new SamplingConfig(1, 1.0, 600, 1.0, 1.0, 13));
  }

  @ParameterizedTest
  @MethodSource("configs")
  void drawsTheTokensOfTheJavaSampler(SamplingConfig config) {
    int rows = 3;
    int vocab = 617;
    SplittableRandom rnd = new SplittableRandom(config.seed() + 100);
    LogitsSampler reference = new LogitsSampler(config, rows);
    List<List<Integer>> context = new ArrayList<>();
    try (NDManager m = NDManager.newBaseManager();
        TensorSampler sampler = new TensorSampler(config, rows, vocab, m)) {
      for (int r = 0; r < rows; r++) {
        int[] prompt = {r, 2 * r + 5, 40};
        context.add(new ArrayList<>(List.of(r, 2 * r + 5, 40)));
        sampler.observe(r, prompt);
      }
      boolean[] done = new boolean[rows];
      int[] ids = new int[rows];
      float[] lps = new float[rows];
      for (int step = 0; step < 60; step++) {
        float[] flat = new float[rows * vocab];
        for (int i = 0; i < flat.length; i++) {
          // coarse values make ties, including at the k-th value
          flat[i] = (float) (Math.round(rnd.nextGaussian() * 8) / 4.0);
        }
        done[1] = step >= 30; // a finished row is left alone
        try (NDManager step_ = m.newSubManager()) {
          NDArray logits = step_.create(flat, new Shape(rows, vocab));
          sampler.pick(logits, done, ids, lps);
        }
        for (int r = 0; r < rows; r++) {
          if (done[r]) {
            continue;
          }
          float[] row = java.util.Arrays.copyOfRange(flat, r * vocab, (r + 1) * vocab);
          int expected = reference.pick(r, row, context.get(r).stream().mapToInt(Integer::intValue).toArray());
          assertThat(ids[r]).as("step %s row %s", step, r).isEqualTo(expected);
          assertThat(lps[r]).isCloseTo(LogitsSampler.logProb(row, expected), org.assertj.core.data.Offset.offset(1e-5f));
          context.get(r).add(expected);
          sampler.observe(r, expected);
        }
      }
    }
  }
}
