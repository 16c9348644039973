package org.robustr1.degrade.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.robustr1.degrade.TestImages;
import org.robustr1.degrade.io.OpenCv;

/**
 * {@link DirtyLens} blurs its grey dirt layer as one channel; this checks it against the
 * reference's literal 3-channel float32 pipeline (draw, {@code GaussianBlur}, {@code
 * astype(uint8)}, {@code addWeighted}) on sizes the golden fixtures do not cover.
 */
class DirtyLensGreyLayerTest {

  @ParameterizedTest
  @CsvSource({"37,53", "224,224", "301,199", "97,410"})
  void singleChannelLayerEqualsTheThreeChannelReference(int w, int h) {
    DirtyLens op = (DirtyLens) OfficialOps.of("dirty_lens");
    Mat img = TestImages.procedural(w, h, 3);
    SplittableRandom rng = new SplittableRandom(w * 7L + h);
    for (double i : new double[] {0.23, 0.45, 0.9, 1.0}) {
      DirtyLens.Params p = op.sample(i, w, h, rng);
      Mat fast = op.apply(img, p);
      Mat ref = OpenCv.withoutIpp(() -> threeChannel(img, p));
      byte[] a = Cv.bytes(fast);
      byte[] b = Cv.bytes(ref);
      assertThat(a).as("dirty_lens %sx%s at %s", w, h, i).isEqualTo(b);
      fast.release();
      ref.release();
    }
    img.release();
  }

  private static Mat threeChannel(Mat bgr, DirtyLens.Params p) {
    Mat dirt = Mat.zeros(bgr.rows(), bgr.cols(), CvType.CV_32FC3);
    for (DirtyLens.Ellipse e : p.ellipses()) {
      Imgproc.ellipse(
          dirt,
          new Point(e.centerX(), e.centerY()),
          new Size(e.axisX(), e.axisY()),
          e.angleDeg(),
          0,
          360,
          grey(p.ellipseValue()),
          -1);
    }
    for (DirtyLens.Spot s : p.spots()) {
      Imgproc.circle(dirt, new Point(s.x(), s.y()), s.radius(), grey(s.value()), -1);
    }
    for (DirtyLens.DoubleSpot d : p.doubleSpots()) {
      Point c = new Point(d.x(), d.y());
      Imgproc.circle(dirt, c, d.outerRadius(), grey(p.outerValue()), -1);
      Imgproc.circle(dirt, c, d.innerRadius(), grey(p.innerValue()), -1);
    }
    Mat blurred = new Mat();
    Imgproc.GaussianBlur(dirt, blurred, new Size(0, 0), p.blurSigma());
    float[] f = new float[(int) blurred.total() * 3];
    blurred.get(0, 0, f);
    byte[] t = new byte[f.length];
    for (int k = 0; k < f.length; k++) {
      t[k] = (byte) Cv.clampTrunc(f[k]);
    }
    Mat dirt8 = Cv.u8(bgr.rows(), bgr.cols(), 3, t);
    Mat out = new Mat();
    Core.addWeighted(bgr, p.alpha(), dirt8, p.beta(), p.gamma(), out);
    dirt.release();
    blurred.release();
    dirt8.release();
    return out;
  }

  private static Scalar grey(int v) {
    return new Scalar(v, v, v);
  }
}
