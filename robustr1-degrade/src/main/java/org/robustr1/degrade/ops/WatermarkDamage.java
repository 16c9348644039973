package org.robustr1.degrade.ops;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;
import org.opencv.photo.Photo;
import org.robustr1.core.degradation.DegradationType;

/**
 * {@code watermark_damage}: a mask of {@code int(1 + 15·i)} filled rectangles (top-left {@code x =
 * randint(0, w − 50)}, {@code y = randint(0, h − 50)}, size 50–200 × 20–80, both corners
 * inclusive, clipped to the image) is inpainted with Telea (radius 3); output {@code
 * addWeighted(img, 1 − i, inpainted, i, 0)}; if {@code i > 0.5}, pixels on the mask's Canny
 * (50, 150) edges are multiplied by 0.8 and truncated.
 *
 * <p><b>Small images.</b> The reference raises for {@code w < 50} or {@code h < 50} ({@code
 * randint} with an empty range). Fallback here: the corner is drawn from {@code randint(0, max(0,
 * w − 50))} (and likewise for y), i.e. rectangles start at 0 on that axis. Images of at least
 * 50×50 are unaffected.
 */
public final class WatermarkDamage extends AbstractOp<WatermarkDamage.Params> {

  /**
   * A rectangle, from (x, y) to (x + width, y + height) inclusive.
   *
   * @param x left
   * @param y top
   * @param width 50..200
   * @param height 20..80
   */
  public record Rect(int x, int y, int width, int height) {}

  /**
   * Parameters.
   *
   * @param numRects {@code int(1 + 15·i)}
   * @param rects the rectangles
   * @param inpaintRadius Telea radius (3)
   * @param alpha weight of the input ({@code 1 − i})
   * @param beta weight of the inpainted image ({@code i})
   * @param gamma offset (0)
   * @param edgeDarkeningEnabled whether {@code i > 0.5}
   * @param cannyThreshold1 Canny low threshold (50)
   * @param cannyThreshold2 Canny high threshold (150)
   * @param edgeFactor multiplier on edge pixels (0.8)
   */
  public record Params(
      int numRects,
      List<Rect> rects,
      double inpaintRadius,
      double alpha,
      double beta,
      double gamma,
      boolean edgeDarkeningEnabled,
      double cannyThreshold1,
      double cannyThreshold2,
      double edgeFactor)
      implements OpParams {
    /** Validates and copies. */
    public Params {
      rects = rects == null ? ImmutableList.of() : ImmutableList.copyOf(rects);
      checkArgument(inpaintRadius >= 0, "watermark_damage: inpaintRadius must be >= 0");
    }
  }

  WatermarkDamage() {
    super(DegradationType.WATERMARK_DAMAGE, Params.class);
  }

  @Override
  Params doSample(double i, int w, int h, RandomGenerator rng) {
    int n = (int) (1 + i * 15);
    ImmutableList.Builder<Rect> rects = ImmutableList.builder();
    for (int k = 0; k < n; k++) {
      int x = Cv.randint(rng, 0, Math.max(0, w - 50));
      int y = Cv.randint(rng, 0, Math.max(0, h - 50));
      int rw = Cv.randint(rng, 50, 200);
      int rh = Cv.randint(rng, 20, 80);
      rects.add(new Rect(x, y, rw, rh));
    }
    return new Params(n, rects.build(), 3.0, 1 - i, i, 0.0, i > 0.5, 50.0, 150.0, 0.8);
  }

  @Override
  Mat doApply(Mat bgr, Params p) {
    Mat mask = Mat.zeros(bgr.rows(), bgr.cols(), CvType.CV_8UC1);
    for (Rect r : p.rects()) {
      Imgproc.rectangle(
          mask, new Point(r.x(), r.y()), new Point(r.x() + r.width(), r.y() + r.height()), new Scalar(255), -1);
    }
    Mat repaired = inpaintByRegion(bgr, mask, p.rects(), p.inpaintRadius());
    Mat out = new Mat();
    Core.addWeighted(bgr, p.alpha(), repaired, p.beta(), p.gamma(), out);
    if (p.edgeDarkeningEnabled()) {
      Mat edges = new Mat();
      Imgproc.Canny(mask, edges, p.cannyThreshold1(), p.cannyThreshold2());
      Mat lut = Cv.scaleLut(p.edgeFactor());
      Mat darkened = new Mat();
      Core.LUT(out, lut, darkened);
      darkened.copyTo(out, edges);
      lut.release();
      darkened.release();
      edges.release();
    }
    mask.release();
    repaired.release();
    return out;
  }

  /**
   * {@code Photo.inpaint(bgr, mask, TELEA)}, run separately on each cluster of rectangles in a
   * window around it. Telea only changes mask pixels, and each one reads pixels, distances and
   * flags at most {@code range + 2} away (the outside distance band is {@code range} wide, the
   * 1-pixel frame of OpenCV's padded buffers adds one); clusters are merged until their windows,
   * grown by {@code 2·range + 4}, keep every other cluster's pixels farther than that. OpenCV's
   * priority queue orders by distance with first-in-first-out ties, so a cluster's pixels are
   * popped in the same relative order alone as in the whole image: the output is identical to the
   * whole-image call, without its per-call passes over every pixel (about 2 ms at 512²).
   */
  static Mat inpaintByRegion(Mat bgr, Mat mask, List<Rect> rects, double radius) {
    Mat repaired = bgr.clone();
    List<int[]> windows = windows(rects, bgr.cols(), bgr.rows(), radius);
    // Clusters are independent and their mask pixels disjoint: several are inpainted at once, each
    // writing back only its own mask pixels.
    RowBands.run(windows.size(), Math.min(windows.size(), RowBands.workers()), (from, to) -> {
      for (int[] b : windows.subList(from, to)) {
        Mat img = bgr.submat(b[1], b[3], b[0], b[2]).clone();
        Mat m = mask.submat(b[1], b[3], b[0], b[2]).clone();
        Mat done = new Mat();
        Photo.inpaint(img, m, done, radius, Photo.INPAINT_TELEA);
        Mat target = repaired.submat(b[1], b[3], b[0], b[2]);
        done.copyTo(target, m);
        target.release();
        img.release();
        m.release();
        done.release();
      }
    });
    return repaired;
  }

  /** The inpainting windows {x0, y0, x1, y1} (x1, y1 exclusive) of {@link #inpaintByRegion}. */
  static List<int[]> windows(List<Rect> rects, int w, int h, double radius) {
    int range = Math.min(100, Math.max(1, (int) Math.round(radius)));
    int margin = 2 * range + 4;
    // clusters as boxes [x0, x1] x [y0, y1] (inclusive, one pixel wider than the filled rectangle)
    List<int[]> boxes = new ArrayList<>();
    for (Rect r : rects) {
      int x0 = Math.max(0, r.x() - 1);
      int y0 = Math.max(0, r.y() - 1);
      int x1 = Math.min(w - 1, r.x() + r.width() + 1);
      int y1 = Math.min(h - 1, r.y() + r.height() + 1);
      if (x0 <= x1 && y0 <= y1) {
        boxes.add(new int[] {x0, y0, x1, y1});
      }
    }
    boolean merged = true;
    while (merged) {
      merged = false;
      for (int a = 0; a < boxes.size() && !merged; a++) {
        for (int b = a + 1; b < boxes.size() && !merged; b++) {
          int[] p = boxes.get(a);
          int[] q = boxes.get(b);
          // windows grown by the margin around each box must not meet
          if (p[0] - margin <= q[2] + margin
              && q[0] - margin <= p[2] + margin
              && p[1] - margin <= q[3] + margin
              && q[1] - margin <= p[3] + margin) {
            boxes.set(a, new int[] {
              Math.min(p[0], q[0]), Math.min(p[1], q[1]), Math.max(p[2], q[2]), Math.max(p[3], q[3])
            });
            boxes.remove(b);
            merged = true;
          }
        }
      }
    }
    List<int[]> out = new ArrayList<>();
    for (int[] b : boxes) {
      out.add(new int[] {
        Math.max(0, b[0] - margin),
        Math.max(0, b[1] - margin),
        Math.min(w, b[2] + margin + 1),
        Math.min(h, b[3] + margin + 1)
      });
    }
    return out;
  }
}
