package org.robustr1.degrade.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencv.core.Mat;
import org.robustr1.degrade.TestImages;

/** Every op on images smaller than the reference supports: a documented fallback, never a crash. */
class SmallImageTest {

  @ParameterizedTest
  @CsvSource({"1,1", "2,3", "9,7", "31,40", "49,49", "60,20"})
  void everyOpHandlesSmallImages(int w, int h) {
    Mat img = TestImages.procedural(w, h, 1);
    for (DegradationOp<?> op : OfficialOps.all()) {
      for (double i : new double[] {0.0, 0.23, 0.45, 0.9, 1.0}) {
        Mat out = sampleAndApply(op, img, i, new SplittableRandom(w * 31L + h));
        assertThat(out.cols()).as(op + " at " + i).isEqualTo(w);
        assertThat(out.rows()).as(op + " at " + i).isEqualTo(h);
        assertThat(out.channels()).isEqualTo(3);
        out.release();
      }
    }
  }

  static <P extends OpParams> Mat sampleAndApply(DegradationOp<P> op, Mat img, double i, SplittableRandom rng) {
    P p = op.sample(i, img.cols(), img.rows(), rng);
    return op.apply(img, p);
  }
}
