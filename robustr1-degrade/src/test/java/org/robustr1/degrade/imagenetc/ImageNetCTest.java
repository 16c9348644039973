package org.robustr1.degrade.imagenetc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opencv.core.Mat;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.core.image.RgbImage;

class ImageNetCTest {

  private static final ImageNetC INC = ImageNetC.create();

  /** A non-periodic, non-square test image: a gradient under random rectangles, plus fine noise. */
  static RgbImage testImage(int w, int h) {
    SplittableRandom r = new SplittableRandom(7);
    int[] px = new int[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = (y * w + x) * 3;
        px[p] = 40 + x * 150 / w;
        px[p + 1] = 60 + y * 120 / h;
        px[p + 2] = 120;
      }
    }
    for (int k = 0; k < 40; k++) {
      int x0 = r.nextInt(w);
      int y0 = r.nextInt(h);
      int x1 = Math.min(w, x0 + 4 + r.nextInt(w / 3));
      int y1 = Math.min(h, y0 + 4 + r.nextInt(h / 3));
      int[] col = {r.nextInt(256), r.nextInt(256), r.nextInt(256)};
      for (int y = y0; y < y1; y++) {
        for (int x = x0; x < x1; x++) {
          for (int c = 0; c < 3; c++) {
            px[(y * w + x) * 3 + c] = col[c];
          }
        }
      }
    }
    byte[] out = new byte[px.length];
    for (int i = 0; i < px.length; i++) {
      out[i] = (byte) Math.max(0, Math.min(255, px[i] + r.nextInt(9) - 4));
    }
    return new RgbImage(w, h, out);
  }

  private static final RgbImage IMG = testImage(72, 56);

  static Stream<Arguments> everyCase() {
    List<Arguments> out = new ArrayList<>();
    for (DegradationType t : ImageNetC.all()) {
      for (int s = 1; s <= 5; s++) {
        out.add(Arguments.of(t, s));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} s{1}")
  @MethodSource("everyCase")
  void shapeAndDeterminismUnderSeed(DegradationType type, int severity) {
    RgbImage a = INC.corrupt(IMG, type, severity, 42L);
    RgbImage b = INC.corrupt(IMG, type, severity, 42L);
    assertThat(a.width()).isEqualTo(IMG.width());
    assertThat(a.height()).isEqualTo(IMG.height());
    assertThat(a.pixels()).hasSize(IMG.pixels().length);
    assertThat(a.pixels()).isEqualTo(b.pixels());
    assertThat(a.pixels()).as("the input must not be modified").isNotSameAs(IMG.pixels());
    RgbImage other = INC.corrupt(IMG, type, severity, 4242L);
    if (ImageNetC.isDeterministic(type)) {
      assertThat(other.pixels()).isEqualTo(a.pixels());
    } else {
      assertThat(other.pixels()).as("another seed changes a random corruption").isNotEqualTo(a.pixels());
    }
  }

  @Test
  void everyCorruptionChangesTheImage() {
    for (DegradationType t : ImageNetC.all()) {
      assertThat(meanAbsDiff(IMG, INC.corrupt(IMG, t, 3, 1L))).as(t.opName()).isGreaterThan(0.5);
    }
  }

  /**
   * Corruptions whose distortion grows with severity by design (same seed at each level). Not
   * glass_blur (s3 and s4 trade σ and shift against iterations), fog (s3 and s4 share the
   * amplitude) and snow (these three only grow from s1 to s5), frost (s1 adds 0.4·texture to
   * the whole image, s5 mixes 0.6·image with 0.75·texture: the mean shift is not monotone), saturate (s1–s2 desaturate,
   * s3–s5 saturate) or spatter (water then mud).
   */
  private static final Set<DegradationType> MONOTONE =
      EnumSet.of(
          DegradationType.C_GAUSSIAN_NOISE,
          DegradationType.C_SHOT_NOISE,
          DegradationType.C_IMPULSE_NOISE,
          DegradationType.C_SPECKLE_NOISE,
          DegradationType.C_DEFOCUS_BLUR,
          DegradationType.C_MOTION_BLUR,
          DegradationType.C_ZOOM_BLUR,
          DegradationType.C_GAUSSIAN_BLUR,
          DegradationType.C_BRIGHTNESS,
          DegradationType.C_CONTRAST,
          DegradationType.C_ELASTIC_TRANSFORM,
          DegradationType.C_PIXELATE,
          DegradationType.C_JPEG_COMPRESSION);

  @Test
  void distortionGrowsWithSeverity() {
    RgbImage img = testImage(96, 80);
    for (DegradationType t : MONOTONE) {
      double prev = -1;
      for (int s = 1; s <= 5; s++) {
        double d = meanAbsDiff(img, INC.corrupt(img, t, s, 5L));
        assertThat(d).as("%s severity %s vs %s", t.opName(), s, s - 1).isGreaterThanOrEqualTo(prev);
        prev = d;
      }
    }
  }

  @Test
  void severityFiveDistortsMoreThanSeverityOne() {
    RgbImage img = testImage(96, 80);
    for (DegradationType t :
        List.of(
            DegradationType.C_GLASS_BLUR,
            DegradationType.C_FOG,
            DegradationType.C_SNOW)) {
      double d1 = meanAbsDiff(img, INC.corrupt(img, t, 1, 5L));
      double d5 = meanAbsDiff(img, INC.corrupt(img, t, 5, 5L));
      assertThat(d5).as(t.opName()).isGreaterThan(d1);
    }
  }

  @Test
  void badSeverityIsRejected() {
    for (int s : new int[] {0, 6, -1}) {
      assertThatThrownBy(() -> INC.corrupt(IMG, DegradationType.C_FOG, s, 1L))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("severity must be in 1..5, got " + s);
    }
  }

  @Test
  void nonImagenetTypeAndSmallImageAreRejected() {
    assertThatThrownBy(() -> INC.corrupt(IMG, DegradationType.MOTION_BLUR, 1, 1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MOTION_BLUR is not an ImageNet-C corruption");
    RgbImage tiny = testImage(31, 40);
    assertThatThrownBy(() -> INC.corrupt(tiny, DegradationType.C_CONTRAST, 1, 1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 32x32")
        .hasMessageContaining("31x40");
    assertThatThrownBy(() -> INC.corrupt(IMG, "no_such_corruption", 1, 1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no_such_corruption");
  }

  @Test
  void byNameAndListsAgree() {
    assertThat(ImageNetC.common()).hasSize(15).doesNotContain(DegradationType.C_SATURATE);
    assertThat(ImageNetC.extra())
        .containsExactly(
            DegradationType.C_SPECKLE_NOISE,
            DegradationType.C_GAUSSIAN_BLUR,
            DegradationType.C_SPATTER,
            DegradationType.C_SATURATE);
    assertThat(INC.corrupt(IMG, "Zoom Blur", 2, 0L).pixels())
        .isEqualTo(INC.corrupt(IMG, DegradationType.C_ZOOM_BLUR, 2, 0L).pixels());
  }

  @Test
  void bgrMatVariantMatchesRgb() {
    Mat bgr = ImageFiles.toBgr(IMG);
    Mat out = INC.corruptBgr(bgr, DegradationType.C_BRIGHTNESS, 3, 9L);
    try {
      RgbImage viaMat = ImageFiles.fromBgr(out);
      assertThat(viaMat.pixels())
          .isEqualTo(INC.corrupt(IMG, DegradationType.C_BRIGHTNESS, 3, 9L).pixels());
    } finally {
      bgr.release();
      out.release();
    }
  }

  @Test
  void largerAndOddSizesWork() {
    RgbImage odd = testImage(131, 97);
    for (DegradationType t : ImageNetC.all()) {
      assertThat(INC.corrupt(odd, t, 5, 3L).pixels()).as(t.opName()).hasSize(131 * 97 * 3);
    }
  }

  // ---- distributions of the random corruptions, against the reference formulas ----

  private static RgbImage flat(int level) {
    byte[] px = new byte[128 * 128 * 3];
    java.util.Arrays.fill(px, (byte) level);
    return new RgbImage(128, 128, px);
  }

  @Test
  void gaussianNoiseHasTheReferenceSigma() {
    for (int s = 1; s <= 5; s++) {
      double sigma = NoiseCorruptions.GAUSSIAN_SIGMA[s - 1] * 255;
      double[] ms = meanStd(INC.corrupt(flat(128), DegradationType.C_GAUSSIAN_NOISE, s, s));
      // truncation lowers the mean by ~0.5; clipping is negligible up to s4 at mid grey
      assertThat(ms[0]).isCloseTo(128 - 0.5, org.assertj.core.data.Offset.offset(sigma * 0.05 + 0.3));
      if (s <= 3) {
        assertThat(ms[1]).isCloseTo(sigma, org.assertj.core.data.Offset.offset(sigma * 0.03));
      }
    }
  }

  @Test
  void shotNoiseHasPoissonVariance() {
    for (int s = 1; s <= 3; s++) {
      double c = NoiseCorruptions.SHOT_SCALE[s - 1];
      double x = 100 / 255.0;
      double expectedStd = Math.sqrt(x * c) / c * 255;
      double[] ms = meanStd(INC.corrupt(flat(100), DegradationType.C_SHOT_NOISE, s, s));
      assertThat(ms[0]).isCloseTo(100 - 0.5, org.assertj.core.data.Offset.offset(1.0));
      assertThat(ms[1]).isCloseTo(expectedStd, org.assertj.core.data.Offset.offset(expectedStd * 0.04));
    }
  }

  @Test
  void impulseNoiseFlipsTheReferenceShare() {
    for (int s = 1; s <= 5; s++) {
      double p = NoiseCorruptions.IMPULSE_AMOUNT[s - 1];
      byte[] out = INC.corrupt(flat(100), DegradationType.C_IMPULSE_NOISE, s, s).pixels();
      int salt = 0;
      int pepper = 0;
      for (byte b : out) {
        salt += (b & 0xFF) == 255 ? 1 : 0;
        pepper += (b & 0xFF) == 0 ? 1 : 0;
      }
      assertThat((double) (salt + pepper) / out.length).isCloseTo(p, org.assertj.core.data.Offset.offset(0.01));
      assertThat((double) salt / (salt + pepper)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.05));
    }
  }

  @Test
  void proceduralFrostTexturesAreStable() {
    List<FrostTexture> t = FrostTexture.procedural();
    assertThat(t).hasSize(5);
    for (int i = 0; i < 5; i++) {
      assertThat(t.get(i).width()).isEqualTo(FrostTexture.REFERENCE_SIZES[i][0]);
      assertThat(t.get(i).height()).isEqualTo(FrostTexture.REFERENCE_SIZES[i][1]);
      assertThat(t.get(i).meanLevel()).isBetween(0.3, 0.65);
    }
    FrostTexture again = FrostTexture.generate(200, 150, 0x5EED_F057L);
    assertThat(again.rgb()).isEqualTo(FrostTexture.generate(200, 150, 0x5EED_F057L).rgb());
  }

  @Test
  void numpyHelpers() {
    double[] a = new double[300];
    for (int i = 0; i < a.length; i++) {
      a[i] = 1.0 / (i + 1);
    }
    double naive = 0;
    for (double v : a) {
      naive += v;
    }
    assertThat(NumpyOps.pairwiseSum(a, 0, a.length)).isCloseTo(naive, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(java.util.Arrays.stream(BlurCorruptions.ZOOM).mapToInt(z -> z.length).toArray())
        .containsExactly(12, 16, 11, 13, 11);
    assertThat(NumpyOps.floorMod(-0.25, 1.0)).isEqualTo(0.75);
    assertThat(PlasmaFractal.nextPowerOfTwo(224)).isEqualTo(256);
    assertThat(PlasmaFractal.nextPowerOfTwo(512)).isEqualTo(512);
  }

  static double meanAbsDiff(RgbImage a, RgbImage b) {
    long s = 0;
    for (int i = 0; i < a.pixels().length; i++) {
      s += Math.abs((a.pixels()[i] & 0xFF) - (b.pixels()[i] & 0xFF));
    }
    return (double) s / a.pixels().length;
  }

  private static double[] meanStd(RgbImage img) {
    double s = 0;
    double s2 = 0;
    for (byte b : img.pixels()) {
      double v = b & 0xFF;
      s += v;
      s2 += v * v;
    }
    int n = img.pixels().length;
    double m = s / n;
    return new double[] {m, Math.sqrt(s2 / n - m * m)};
  }
}
