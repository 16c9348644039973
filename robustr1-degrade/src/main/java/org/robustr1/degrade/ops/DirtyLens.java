package org.robustr1.degrade.ops;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.robustr1.core.degradation.DegradationType;

/**
 * {@code dirty_lens}: on a float32 black "dirt" layer, filled shapes overwrite each other in this
 * order: if {@code i > 0.1}, {@code int(10·i)} grey-50 ellipses; {@code int(300·i)} spots of grey
 * 50–100; if {@code i > 0.5}, {@code int(5·i)} double spots (grey 80 then a concentric grey 120).
 * The layer is blurred with {@code GaussianBlur(σ = 30)} (kernel 241 for float images), truncated
 * to uint8 and blended: {@code addWeighted(img, 1 − 0.7i, dirt, 0.8i, 0)}.
 *
 * <p>Quirks kept: the ellipse axes (150–300 × 100–200 px) are absolute, so on small images the
 * ellipses cover most of the frame; the inner "double spot" radius may exceed the outer one.
 */
public final class DirtyLens extends AbstractOp<DirtyLens.Params> {

  /**
   * An ellipse ({@code random.randint}, both ends included).
   *
   * @param centerX centre x in [0, w]
   * @param centerY centre y in [0, h]
   * @param axisX half axis 150..300
   * @param axisY half axis 100..200
   * @param angleDeg rotation 0..180
   */
  public record Ellipse(int centerX, int centerY, int axisX, int axisY, int angleDeg) {}

  /**
   * A spot.
   *
   * @param x centre x in [0, w]
   * @param y centre y in [0, h]
   * @param radius 4..20
   * @param value grey 50..100
   */
  public record Spot(int x, int y, int radius, int value) {}

  /**
   * A double spot.
   *
   * @param x centre x in [0, w]
   * @param y centre y in [0, h]
   * @param outerRadius 20..50, grey {@code outerValue}
   * @param innerRadius 10..30, grey {@code innerValue}
   */
  public record DoubleSpot(int x, int y, int outerRadius, int innerRadius) {}

  /**
   * Parameters.
   *
   * @param ellipsesEnabled whether {@code i > 0.1}
   * @param ellipseValue ellipse grey (50)
   * @param ellipses the ellipses
   * @param numSpots {@code int(300·i)}
   * @param spots the spots
   * @param doubleSpotsEnabled whether {@code i > 0.5}
   * @param outerValue outer grey (80)
   * @param innerValue inner grey (120)
   * @param doubleSpots the double spots
   * @param blurSigma Gaussian σ (30)
   * @param alpha weight of the input
   * @param beta weight of the dirt
   * @param gamma offset (0)
   */
  public record Params(
      boolean ellipsesEnabled,
      int ellipseValue,
      List<Ellipse> ellipses,
      int numSpots,
      List<Spot> spots,
      boolean doubleSpotsEnabled,
      int outerValue,
      int innerValue,
      List<DoubleSpot> doubleSpots,
      double blurSigma,
      double alpha,
      double beta,
      double gamma)
      implements OpParams {
    /** Copies the lists. */
    public Params {
      ellipses = ellipses == null ? ImmutableList.of() : ImmutableList.copyOf(ellipses);
      spots = spots == null ? ImmutableList.of() : ImmutableList.copyOf(spots);
      doubleSpots = doubleSpots == null ? ImmutableList.of() : ImmutableList.copyOf(doubleSpots);
    }
  }

  DirtyLens() {
    super(DegradationType.DIRTY_LENS, Params.class);
  }

  @Override
  Params doSample(double i, int w, int h, RandomGenerator rng) {
    boolean ell = i > 0.1;
    ImmutableList.Builder<Ellipse> ellipses = ImmutableList.builder();
    if (ell) {
      int n = (int) (10 * i);
      for (int k = 0; k < n; k++) {
        int cx = Cv.randint(rng, 0, w);
        int cy = Cv.randint(rng, 0, h);
        int ax = Cv.randint(rng, 150, 300);
        int ay = Cv.randint(rng, 100, 200);
        int angle = Cv.randint(rng, 0, 180);
        ellipses.add(new Ellipse(cx, cy, ax, ay, angle));
      }
    }
    int numSpots = (int) (300 * i);
    ImmutableList.Builder<Spot> spots = ImmutableList.builder();
    for (int k = 0; k < numSpots; k++) {
      int x = Cv.randint(rng, 0, w);
      int y = Cv.randint(rng, 0, h);
      int r = Cv.randint(rng, 4, 20);
      int v = Cv.randint(rng, 50, 100);
      spots.add(new Spot(x, y, r, v));
    }
    boolean dbl = i > 0.5;
    ImmutableList.Builder<DoubleSpot> doubles = ImmutableList.builder();
    if (dbl) {
      int n = (int) (5 * i);
      for (int k = 0; k < n; k++) {
        int x = Cv.randint(rng, 0, w);
        int y = Cv.randint(rng, 0, h);
        int outer = Cv.randint(rng, 20, 50);
        int inner = Cv.randint(rng, 10, 30);
        doubles.add(new DoubleSpot(x, y, outer, inner));
      }
    }
    return new Params(
        ell, 50, ellipses.build(), numSpots, spots.build(), dbl, 80, 120, doubles.build(), 30.0,
        1 - 0.7 * i, 0.8 * i, 0.0);
  }

  @Override
  Mat doApply(Mat bgr, Params p) {
    // Every shape is grey (B = G = R), so the layer is drawn, blurred and truncated as one
    // channel and replicated: the per-channel arithmetic of the 3-channel float blur is the same,
    // bit for bit (checked on 240 random sizes), at a third of the cost.
    Mat dirt = Mat.zeros(bgr.rows(), bgr.cols(), CvType.CV_32FC1);
    if (p.ellipsesEnabled()) {
      Scalar c = grey(p.ellipseValue());
      for (Ellipse e : p.ellipses()) {
        Imgproc.ellipse(
            dirt, new Point(e.centerX(), e.centerY()), new Size(e.axisX(), e.axisY()), e.angleDeg(), 0, 360, c, -1);
      }
    }
    for (Spot s : p.spots()) {
      Imgproc.circle(dirt, new Point(s.x(), s.y()), s.radius(), grey(s.value()), -1);
    }
    if (p.doubleSpotsEnabled()) {
      for (DoubleSpot d : p.doubleSpots()) {
        Point c = new Point(d.x(), d.y());
        Imgproc.circle(dirt, c, d.outerRadius(), grey(p.outerValue()), -1);
        Imgproc.circle(dirt, c, d.innerRadius(), grey(p.innerValue()), -1);
      }
    }
    Imgproc.GaussianBlur(dirt, dirt, new Size(0, 0), p.blurSigma());
    Mat grey8 = Cv.truncToU8(dirt);
    Mat dirt8 = new Mat();
    Imgproc.cvtColor(grey8, dirt8, Imgproc.COLOR_GRAY2BGR);
    Mat out = new Mat();
    Core.addWeighted(bgr, p.alpha(), dirt8, p.beta(), p.gamma(), out);
    dirt.release();
    grey8.release();
    dirt8.release();
    return out;
  }

  private static Scalar grey(int v) {
    return new Scalar(v, v, v);
  }
}
