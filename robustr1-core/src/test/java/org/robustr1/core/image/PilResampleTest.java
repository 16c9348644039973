package org.robustr1.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Hand-computed cases of the Pillow resamplers; bit parity with Pillow itself is checked against
 * golden files by the Qwen2-VL processor test (robustr1-model) and the ImageNet-C pixelate test
 * (robustr1-degrade).
 */
class PilResampleTest {

  private static byte[] gray(int... v) {
    byte[] b = new byte[v.length * 3];
    for (int i = 0; i < v.length; i++) {
      b[3 * i] = b[3 * i + 1] = b[3 * i + 2] = (byte) v[i];
    }
    return b;
  }

  @Test
  void boxHalvesByRoundedMeansAndNearestRepeats() {
    // BOX 4 -> 2: taps of 0.5 (2^21 in fixed point), rounding half up: (10+20)/2 = 15, (30+41)/2 = 35.5 -> 36
    assertThat(PilResample.resize(gray(10, 20, 30, 41), 4, 1, 2, 1, PilResample.Filter.BOX)).isEqualTo(gray(15, 36));
    // NEAREST 2 -> 4: source x = int((x + 0.5) * 0.5)
    assertThat(PilResample.nearest(gray(7, 9), 2, 1, 4, 1)).isEqualTo(gray(7, 7, 9, 9));
    // BICUBIC on a constant image stays constant (taps sum to 1), in both passes
    RgbImage flat = new RgbImage(5, 4, gray(new int[] {200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200}));
    RgbImage r = PilResample.resize(flat, 3, 7, PilResample.Filter.BICUBIC);
    assertThat(r.pixels()).containsOnly((byte) 200);
    assertThat(r.width()).isEqualTo(3);
    assertThat(r.height()).isEqualTo(7);
  }

  @Test
  void sameSizeCopiesAndBadSizesAreNamed() {
    byte[] src = gray(1, 2, 3, 4);
    byte[] same = PilResample.resize(src, 2, 2, 2, 2, PilResample.Filter.BICUBIC);
    assertThat(same).isEqualTo(src).isNotSameAs(src);
    assertThatThrownBy(() -> PilResample.resize(src, 2, 2, 0, 2, PilResample.Filter.BOX))
        .hasMessageContaining("target size must be positive, got 0x2");
    assertThatThrownBy(() -> PilResample.nearest(src, 3, 2, 1, 1)).hasMessageContaining("does not match 3x2x3");
  }
}
