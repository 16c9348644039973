package org.robustr1.degrade.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;
import org.robustr1.degrade.io.OpenCv;

/** The vectorised numerics of {@link Cv} against their scalar definitions. */
class CvTest {

  @BeforeAll
  static void load() {
    OpenCv.load();
  }

  /** Floats around every integer 0..256 (ties, just below, just above), negatives, large values. */
  private static float[] edgeFloats(int channels) {
    SplittableRandom r = new SplittableRandom(5);
    int n = 257 * 8 + 64;
    n += (channels - n % channels) % channels;
    float[] f = new float[n];
    int k = 0;
    for (int v = 0; v <= 256; v++) {
      f[k++] = v;
      f[k++] = v + 0.5f;
      f[k++] = v - 0.5f;
      f[k++] = Math.nextDown((float) v);
      f[k++] = Math.nextUp((float) v);
      f[k++] = Math.nextDown(v + 0.5f);
      f[k++] = Math.nextUp(v + 0.5f);
      f[k++] = v + r.nextFloat();
    }
    float[] extra = {-0.0f, -0.3f, -0.5f, -0.7f, -1f, -1.5f, -300f, 255.49f, 255.5f, 255.51f, 300f, 1e9f};
    for (float e : extra) {
      f[k++] = e;
    }
    while (k < n) {
      f[k++] = (float) (r.nextDouble() * 600 - 150);
    }
    return f;
  }

  @Test
  void truncToU8MatchesScalarTruncationForOneAndThreeChannels() {
    for (int ch : new int[] {1, 3}) {
      float[] f = edgeFloats(ch);
      int cols = f.length / ch;
      Mat m = new Mat(1, cols, CvType.CV_32FC(ch));
      m.put(0, 0, f);
      for (boolean scratch : new boolean[] {false, true}) {
        Mat s = scratch ? new Mat(1, cols, CvType.CV_32FC(ch)) : null;
        Mat out = Cv.truncToU8(m, s);
        assertThat(out.type()).isEqualTo(CvType.CV_8UC(ch));
        assertThat(out.cols()).isEqualTo(cols);
        byte[] b = new byte[f.length];
        out.get(0, 0, b);
        for (int k = 0; k < f.length; k++) {
          assertThat(b[k] & 0xFF).as("value %s (channels %s)", f[k], ch).isEqualTo(Cv.clampTrunc(f[k]));
        }
        out.release();
        if (s != null) {
          s.release();
        }
      }
      m.release();
    }
  }

  @Test
  void threeChannelFilterEqualsThePerChannelFilters() {
    int[][] cases = {{37, 53, 3}, {130, 97, 11}, {130, 97, 13}, {61, 200, 41}, {224, 224, 139}};
    for (int[] c : cases) {
      int w = c[0];
      int h = c[1];
      int k = c[2];
      Mat img = new Mat(h, w, CvType.CV_8UC3);
      Core.randu(img, 0, 256);
      Mat g = Imgproc.getGaussianKernel(k, k / 3.0, CvType.CV_64F);
      Mat kernel = Cv.outer(g, 0.3, true);
      Mat fast = OpenCv.withoutIpp(() -> Cv.filterChannelsF32(img, kernel));
      List<Mat> channels = new ArrayList<>();
      Core.split(img, channels);
      List<Mat> filtered = new ArrayList<>();
      for (Mat ch : channels) {
        Mat f = new Mat();
        ch.convertTo(f, CvType.CV_32F);
        Mat r = new Mat();
        OpenCv.withoutIpp(() -> {
          Imgproc.filter2D(f, r, -1, kernel);
          return r;
        });
        filtered.add(r);
      }
      Mat ref = new Mat();
      Core.merge(filtered, ref);
      float[] a = new float[w * h * 3];
      float[] b = new float[w * h * 3];
      fast.get(0, 0, a);
      ref.get(0, 0, b);
      assertThat(a).as("%sx%s kernel %s", w, h, k).isEqualTo(b);
    }
  }

  @Test
  void scaleLutIsTheDoubleProductTruncated() {
    Mat lut = Cv.scaleLut(0.7975);
    byte[] t = new byte[256];
    lut.get(0, 0, t);
    for (int v = 0; v < 256; v++) {
      assertThat(t[v] & 0xFF).isEqualTo((int) (v * 0.7975));
    }
    lut.release();
  }
}
