package org.robustr1.model.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.robustr1.model.SamplingConfig;

class LogitsSamplerTest {

  @Test
  void greedyTakesFirstMaximum() {
    LogitsSampler s = new LogitsSampler(SamplingConfig.greedy(1), 1);
    assertThat(s.pick(0, new float[] {1f, 3f, 3f, 2f}, new int[0])).isEqualTo(1);
  }

  @Test
  void repetitionPenaltyDividesPositiveAndMultipliesNegative() {
    // token 0: 2.0 / 2 = 1.0 < token 1 (1.5): greedy switches to 1
    LogitsSampler s = new LogitsSampler(new SamplingConfig(1, 0, 0, 1, 2.0, 0), 1);
    assertThat(s.pick(0, new float[] {2f, 1.5f}, new int[] {0})).isEqualTo(1);
    // negative logits get more negative: -0.5 * 2 = -1 < -0.8
    assertThat(s.pick(0, new float[] {-0.5f, -0.8f}, new int[] {0})).isEqualTo(1);
    // each id counts once even if repeated in the context
    assertThat(s.pick(0, new float[] {4f, 1.9f}, new int[] {0, 0, 0})).isEqualTo(0);
  }

  @Test
  void topKOneIsGreedyAndTopPKeepsTheNucleus() {
    float[] logits = {0f, (float) Math.log(2), (float) Math.log(5), (float) Math.log(2)};
    LogitsSampler k1 = new LogitsSampler(new SamplingConfig(1, 1.0, 1, 1, 1, 7), 1);
    for (int i = 0; i < 50; i++) {
      assertThat(k1.pick(0, logits, new int[0])).isEqualTo(2);
    }
    // probabilities 0.1, 0.2, 0.5, 0.2: top-p 0.6 drops 0.1 and one of the 0.2 (cum ≤ 0.4)
    LogitsSampler p = new LogitsSampler(new SamplingConfig(1, 1.0, 0, 0.6, 1, 7), 1);
    int[] counts = new int[4];
    for (int i = 0; i < 4000; i++) {
      counts[p.pick(0, logits, new int[0])]++;
    }
    assertThat(counts[0]).isZero();
    assertThat(counts[1] == 0 || counts[3] == 0).isTrue();
    assertThat(counts[2] / 4000.0).isCloseTo(0.5 / 0.7, within(0.03));
  }

  @Test
  void samplingFollowsTheTemperedDistribution() {
    float[] logits = {0f, (float) Math.log(3)};
    LogitsSampler s = new LogitsSampler(new SamplingConfig(1, 1.0, 0, 1, 1, 1), 1);
    int ones = 0;
    int n = 20000;
    for (int i = 0; i < n; i++) {
      ones += s.pick(0, logits, new int[0]);
    }
    assertThat(ones / (double) n).isCloseTo(0.75, within(0.015));
    // T = 2: p ∝ sqrt(3) : 1
    LogitsSampler t2 = new LogitsSampler(new SamplingConfig(1, 2.0, 0, 1, 1, 1), 1);
    ones = 0;
    for (int i = 0; i < n; i++) {
      ones += t2.pick(0, logits, new int[0]);
    }
    assertThat(ones / (double) n).isCloseTo(Math.sqrt(3) / (1 + Math.sqrt(3)), within(0.015));
  }

  @Test
  void logProbIsLogSoftmax() {
    float[] logits = {0f, (float) Math.log(3)};
    assertThat(LogitsSampler.logProb(logits, 1)).isCloseTo((float) Math.log(0.75), within(1e-6f));
  }

  @Test
  void kthLargestEqualsTheValueOfAFullSort() {
    java.util.Random r = new java.util.Random(3);
    float[] specials = {Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, -0.0f, 0.0f, Float.NaN};
    for (int trial = 0; trial < 300; trial++) {
      int n = 1 + r.nextInt(400);
      float[] x = new float[n];
      for (int i = 0; i < n; i++) {
        int kind = r.nextInt(10);
        x[i] = kind == 0 ? specials[r.nextInt(specials.length)] : kind < 4 ? r.nextInt(5) : (float) r.nextGaussian();
      }
      float[] sorted = x.clone();
      java.util.Arrays.sort(sorted);
      int k = 1 + r.nextInt(n);
      assertThat(Float.floatToRawIntBits(LogitsSampler.kthLargest(x, k)))
          .as("trial %s, n %s, k %s", trial, n, k)
          .isEqualTo(Float.floatToRawIntBits(sorted[n - k]));
    }
  }
}
