package org.robustr1.degrade.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.photo.Photo;
import org.robustr1.degrade.io.BundledImages;
import org.robustr1.degrade.io.ImageIo;
import org.robustr1.degrade.io.OpenCv;

/**
 * watermark_damage inpaints each cluster of rectangles in its own window; the golden cases (224²)
 * mostly form one cluster, so this checks on larger images, where rectangles fall apart into
 * several clusters, that the windowed result equals OpenCV's whole-image {@code inpaint} byte for
 * byte.
 */
class WatermarkRegionInpaintTest {

  @Test
  void windowedInpaintEqualsWholeImageInpaint() {
    OpenCv.load();
    WatermarkDamage op = (WatermarkDamage) OfficialOps.of("watermark_damage");
    Mat house = BundledImages.houseBgr();
    int[][] sizes = {{512, 512}, {700, 300}, {260, 900}};
    SplittableRandom rng = new SplittableRandom(2026);
    int clusteredCalls = 0;
    for (int[] s : sizes) {
      Mat img = new Mat();
      Imgproc.resize(house, img, new Size(s[0], s[1]), 0, 0, Imgproc.INTER_LINEAR);
      for (double i : new double[] {0.05, 0.23, 0.45, 0.9}) {
        for (int rep = 0; rep < 3; rep++) {
          WatermarkDamage.Params p = op.sample(i, s[0], s[1], rng);
          Mat mask = Mat.zeros(s[1], s[0], CvType.CV_8UC1);
          for (WatermarkDamage.Rect r : p.rects()) {
            Imgproc.rectangle(
                mask,
                new Point(r.x(), r.y()),
                new Point(r.x() + r.width(), r.y() + r.height()),
                new Scalar(255),
                -1);
          }
          Mat whole = new Mat();
          OpenCv.withoutIpp(
              () -> {
                Photo.inpaint(img, mask, whole, p.inpaintRadius(), Photo.INPAINT_TELEA);
                return null;
              });
          Mat windowed = OpenCv.withoutIpp(() -> WatermarkDamage.inpaintByRegion(img, mask, p.rects(), p.inpaintRadius()));
          assertThat(ImageIo.bytes(windowed))
              .as("%sx%s i=%s rects %s", s[0], s[1], i, p.rects())
              .isEqualTo(ImageIo.bytes(whole));
          if (WatermarkDamage.windows(p.rects(), s[0], s[1], p.inpaintRadius()).size() > 1) {
            clusteredCalls++;
          }
          mask.release();
          whole.release();
          windowed.release();
        }
      }
      img.release();
    }
    house.release();
    assertThat(clusteredCalls).as("calls split into several windows").isGreaterThanOrEqualTo(8);
  }
}
