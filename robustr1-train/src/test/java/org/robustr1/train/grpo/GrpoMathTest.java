package org.robustr1.train.grpo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Hand-computed checks of the formulas of robust-r1.md §2.5–2.6. */
class GrpoMathTest {

  private static final double EPS = 1e-4;

  @Test
  void groupAdvantagesUseUnbiasedStdPlusEpsilon() {
    double[] r = {1, 2, 3, 6, 2, 2, 2, 2};
    double[] a = GrpoMath.advantages(r, 4, ScaleRewards.GROUP);
    // group 1: mean 3, deviations -2,-1,0,3, sum of squares 14, unbiased variance 14/3
    double std = Math.sqrt(14.0 / 3.0);
    assertThat(a[0]).isCloseTo(-2 / (std + EPS), within(1e-12));
    assertThat(a[1]).isCloseTo(-1 / (std + EPS), within(1e-12));
    assertThat(a[2]).isCloseTo(0.0, within(1e-12));
    assertThat(a[3]).isCloseTo(3 / (std + EPS), within(1e-12));
    // a population std (divide by 4) would give a different value: the test must tell them apart
    assertThat(a[3]).isNotCloseTo(3 / (Math.sqrt(14.0 / 4.0) + EPS), within(1e-3));
    // group 2 has zero spread: all advantages are exactly 0, no NaN
    for (int i = 4; i < 8; i++) {
      assertThat(a[i]).isEqualTo(0.0);
    }
    assertThat(GrpoMath.fracZeroStdGroups(r, 4)).isEqualTo(0.5);
  }

  @Test
  void batchAndNoneScaling() {
    double[] r = {1, 2, 3, 6, 2, 2, 2, 2};
    // batch: mean 2.5, squared deviations sum to 16, unbiased variance 16/7
    double batchStd = Math.sqrt(16.0 / 7.0);
    double[] b = GrpoMath.advantages(r, 4, ScaleRewards.BATCH);
    assertThat(b[0]).isCloseTo((1 - 3) / (batchStd + EPS), within(1e-12));
    assertThat(b[3]).isCloseTo((6 - 3) / (batchStd + EPS), within(1e-12));
    assertThat(b[5]).isEqualTo(0.0);
    double[] n = GrpoMath.advantages(r, 4, ScaleRewards.NONE);
    assertThat(n).containsExactly(-2, -1, 0, 3, 0, 0, 0, 0);
  }

  @Test
  void advantagesRejectBadGroups() {
    assertThatThrownBy(() -> GrpoMath.advantages(new double[] {1, 2, 3}, 2, ScaleRewards.GROUP))
        .hasMessageContaining("3 rewards cannot be split into groups of 2");
    assertThatThrownBy(() -> GrpoMath.advantages(new double[] {1}, 1, ScaleRewards.GROUP))
        .hasMessageContaining("groupSize must be >= 2");
  }

  @Test
  void k3IsTheOfficialEstimator() {
    // ref - logp = 0.2: exp(0.2) - 0.2 - 1
    assertThat(GrpoMath.k3(-1.2, -1.0)).isCloseTo(Math.exp(0.2) - 0.2 - 1, within(1e-15));
    assertThat(GrpoMath.k3(-1.2, -1.0)).isCloseTo(0.0214027582, within(1e-9));
    assertThat(GrpoMath.k3(-0.7, -0.7)).isEqualTo(0.0);
    // non-negative on both sides
    assertThat(GrpoMath.k3(-1.0, -3.0)).isCloseTo(Math.exp(-2) + 2 - 1, within(1e-15));
  }

  @Test
  void perTokenLossInsideAndOutsideTheClipRange() {
    double beta = 0.04;
    // inside: ratio e^0.1, A = 2, ref - logp = 0.3
    double ratio = Math.exp(0.1);
    assertThat(GrpoMath.perTokenLoss(-1.0, -1.1, -0.7, 2.0, 0.2, 0.2, beta))
        .isCloseTo(-ratio * 2 + beta * (Math.exp(0.3) - 0.3 - 1), within(1e-12));
    // above 1 + eps with A > 0: the clipped value 1.2 * A wins the min
    assertThat(GrpoMath.perTokenLoss(-0.5, -1.0, -0.5, 1.0, 0.2, 0.2, 0.0)).isCloseTo(-1.2, within(1e-12));
    // the official clip_ratio indicator is rho*A < clip(rho)*A: false here (1.65 > 1.2)
    assertThat(GrpoMath.isClipped(-0.5, -1.0, 1.0, 0.2, 0.2)).isFalse();
    // above 1 + eps with A < 0: the unclipped value wins (pessimistic bound)
    assertThat(GrpoMath.perTokenLoss(-0.5, -1.0, -0.5, -1.0, 0.2, 0.2, 0.0)).isCloseTo(Math.exp(0.5), within(1e-12));
    assertThat(GrpoMath.isClipped(-0.5, -1.0, -1.0, 0.2, 0.2)).isTrue();
    // below 1 - eps with A < 0: clipped at 0.8
    assertThat(GrpoMath.perTokenLoss(-2.0, -1.0, -2.0, -1.0, 0.2, 0.2, 0.0)).isCloseTo(0.8, within(1e-12));
    // asymmetric range (clip-higher): upper bound 1.28
    assertThat(GrpoMath.perTokenLoss(-0.5, -1.0, -0.5, 1.0, 0.2, 0.28, 0.0)).isCloseTo(-1.28, within(1e-12));
  }

  @Test
  void aggregationByLossType() {
    double[][] loss = {{1, 2, 3, 99}, {4, 5, 99, 99}};
    int[][] mask = {{1, 1, 1, 0}, {1, 1, 0, 0}};
    assertThat(GrpoMath.aggregate(loss, mask, LossType.GRPO, 4)).isCloseTo((6.0 / 3 + 9.0 / 2) / 2, within(1e-12));
    assertThat(GrpoMath.aggregate(loss, mask, LossType.BNPO, 4)).isCloseTo(15.0 / 5, within(1e-12));
    assertThat(GrpoMath.aggregate(loss, mask, LossType.DR_GRPO, 4)).isCloseTo(15.0 / 8, within(1e-12));
  }

  @Test
  void completionMaskKeepsTheFirstEos() {
    int eos = 151645;
    assertThat(GrpoMath.completionMask(new int[] {5, 7, eos, 9, eos}, eos)).containsExactly(1, 1, 1, 0, 0);
    assertThat(GrpoMath.completionMask(new int[] {5, 7, 9}, eos)).containsExactly(1, 1, 1);
    assertThat(GrpoMath.completionMask(new int[] {eos, 1, 2}, eos)).containsExactly(1, 0, 0);
  }
}
