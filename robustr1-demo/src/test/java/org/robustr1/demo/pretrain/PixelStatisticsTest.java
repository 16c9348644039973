package org.robustr1.demo.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.function.IntBinaryOperator;
import org.junit.jupiter.api.Test;
import org.robustr1.core.image.RgbImage;

class PixelStatisticsTest {

  private static final int SIDE = 56;
  private static final int TOKEN = 28;

  private static RgbImage image(IntBinaryOperator grey) {
    byte[] px = new byte[SIDE * SIDE * 3];
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < SIDE; x++) {
        int v = Math.max(0, Math.min(255, grey.applyAsInt(x, y)));
        for (int c = 0; c < 3; c++) {
          px[(y * SIDE + x) * 3 + c] = (byte) v;
        }
      }
    }
    return new RgbImage(SIDE, SIDE, px);
  }

  private static float stat(float[] s, int token, String name) {
    return s[token * PixelStatistics.COUNT + PixelStatistics.NAMES.indexOf(name)];
  }

  @Test
  void aFlatGreyImageHasItsMeanAndNoStructure() {
    float[] s = PixelStatistics.of(image((x, y) -> 102), TOKEN);
    assertThat(s).hasSize(4 * PixelStatistics.COUNT);
    for (int t = 0; t < 4; t++) {
      assertThat(stat(s, t, "mean_g")).isCloseTo(0.4f, within(1e-6f));
      // one-pass variance from float squares: the shipped weights were trained with it
      assertThat(stat(s, t, "std_r")).isCloseTo(0f, within(2e-4f));
      for (String zero : new String[] {"gradient_x", "gradient_y", "laplacian", "edge_density", "saturation",
          "blockiness", "coarse_laplacian"}) {
        assertThat(stat(s, t, zero)).as(zero).isCloseTo(0f, within(1e-6f));
      }
      assertThat(stat(s, t, "dark_channel")).isCloseTo(0.4f, within(1e-6f));
    }
  }

  @Test
  void verticalStripesAreHorizontalGradientAndTokensAreInRasterOrder() {
    float[] s = PixelStatistics.of(image((x, y) -> x >= TOKEN && x % 2 == 0 ? 255 : 0), TOKEN);
    assertThat(stat(s, 0, "gradient_x")).isZero();
    assertThat(stat(s, 1, "gradient_x")).isCloseTo(1f, within(1e-6f));
    assertThat(stat(s, 1, "gradient_y")).isZero();
    assertThat(stat(s, 3, "edge_density")).isGreaterThan(0.9f);
  }

  @Test
  void eightPixelBlocksShowAsBlockinessAndNoiseAsAHigherMedianLaplacian() {
    float[] blocks = PixelStatistics.of(image((x, y) -> 40 * ((x / 8 + y / 8) % 3)), TOKEN);
    assertThat(stat(blocks, 0, "blockiness")).isGreaterThan(0.05f);
    SplittableRandom r = new SplittableRandom(1);
    float[] noisy = PixelStatistics.of(image((x, y) -> 128 + r.nextInt(-30, 31)), TOKEN);
    float[] smooth = PixelStatistics.of(image((x, y) -> 2 * x), TOKEN);
    assertThat(stat(noisy, 0, "laplacian_median")).isGreaterThan(10 * stat(smooth, 0, "laplacian_median") + 0.05f);
  }

  @Test
  void aSaturatedColourHasSaturationOneAndNoDarkChannel() {
    byte[] px = new byte[SIDE * SIDE * 3];
    for (int i = 0; i < SIDE * SIDE; i++) {
      px[3 * i] = (byte) 200;
    }
    float[] s = PixelStatistics.of(new RgbImage(SIDE, SIDE, px), TOKEN);
    assertThat(stat(s, 2, "saturation")).isCloseTo(1f, within(1e-6f));
    assertThat(stat(s, 2, "dark_channel")).isZero();
  }

  @Test
  void anImageThatIsNotAGridOfTokensIsRefused() {
    assertThatThrownBy(() -> PixelStatistics.of(new RgbImage(30, 28, new byte[30 * 28 * 3]), TOKEN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("30x28");
  }
}
