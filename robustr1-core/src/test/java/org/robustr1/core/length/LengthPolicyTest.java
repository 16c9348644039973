package org.robustr1.core.length;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.robustr1.core.degradation.AppliedDegradation;
import org.robustr1.core.degradation.DegradationRecord;
import org.robustr1.core.degradation.DegradationType;

class LengthPolicyTest {

  private static DegradationRecord rec(double... intensities) {
    AppliedDegradation[] s = new AppliedDegradation[intensities.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = AppliedDegradation.of(DegradationType.official().get(i), intensities[i]);
    }
    return DegradationRecord.of(s);
  }

  @Test
  void linearInterpolatesAndClamps() {
    LengthPolicy p = LengthPolicy.linear(100, 300);
    assertThat(p.targetLength(DegradationRecord.CLEAN)).isEqualTo(100.0);
    assertThat(p.targetLength(rec(0.45))).isCloseTo(190.0, within(1e-9));
    assertThat(p.targetLength(rec(0.9, 0.9))).isEqualTo(300.0);
    LinearLengthPolicy wide = LinearLengthPolicy.builder().optMaxIntensity(4).build();
    assertThat(wide.targetLength(rec(0.5, 0.5, 0.5, 0.5))).isCloseTo(128 + 384 * 0.5, within(1e-9));
    assertThat(LengthPolicy.defaultPolicy().targetLength(rec(0.9))).isCloseTo(128 + 384 * 0.9, within(1e-9));
    assertThatThrownBy(() -> LengthPolicy.linear(300, 100)).hasMessageContaining("maxLength");
    assertThatThrownBy(() -> LengthPolicy.linear(0, 100)).hasMessageContaining("minLength");
  }

  @Test
  void fitRecoversALineAndClampsToObservedLengths() {
    Random rnd = new Random(1);
    int n = 2000;
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextDouble();
      y[i] = 150 + 200 * x[i];
    }
    FittedLengthPolicy f = FittedLengthPolicy.fit(x, y);
    assertThat(f.slope()).isCloseTo(200, within(1e-6));
    assertThat(f.intercept()).isCloseTo(150, within(1e-6));
    assertThat(f.rSquared()).isCloseTo(1, within(1e-9));
    assertThat(f.targetLength(rec(0.5))).isCloseTo(250, within(1e-6));
    assertThat(f.targetLength(rec(0.9, 0.9, 0.9))).isLessThanOrEqualTo(f.maxLength());
    assertThat(f.count()).isEqualTo(n);
    FittedLengthPolicy constant = FittedLengthPolicy.fit(new double[] {0.45, 0.45}, new double[] {100, 200});
    assertThat(constant.slope()).isEqualTo(0.0);
    assertThat(constant.targetLength(0.9)).isEqualTo(150.0);
    assertThatThrownBy(() -> FittedLengthPolicy.fit(new double[] {0.1, Double.NaN}, new double[] {1, 2}))
        .hasMessageContaining("pair 1").hasMessageContaining("NaN");
    assertThatThrownBy(() -> FittedLengthPolicy.accumulator().fit()).hasMessageContaining("no (intensity");
  }
}
