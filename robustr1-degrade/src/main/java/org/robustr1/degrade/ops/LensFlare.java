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
 * {@code lens_flare}: {@code 3 + int(30·i)} flares on a float32 black layer, each a filled circle
 * (radius 10–50) plus a 2-px line of length 30–150 at a uniform angle, colour BGR (255, 255, 235);
 * the layer is blurred with {@code GaussianBlur((3, 3), 20·i)} and added: {@code
 * trunc(clip(img + 0.9i·flare, 0, 255))} in float32.
 *
 * <p>Quirks kept: the 3×3 kernel makes the "blur" nearly a box filter whatever σ is; line end
 * points are truncated toward zero ({@code int()}), so they may lie outside the image.
 */
public final class LensFlare extends AbstractOp<LensFlare.Params> {

  /**
   * One flare.
   *
   * @param x centre x in [0, w]
   * @param y centre y in [0, h]
   * @param radius 10..50
   * @param angleRad line angle, {@code random.uniform(0, 2π)}
   * @param length line length 30..150
   * @param endX {@code int(x + length·cos(angle))}
   * @param endY {@code int(y + length·sin(angle))}
   */
  public record Flare(int x, int y, int radius, double angleRad, int length, int endX, int endY) {}

  /**
   * Parameters.
   *
   * @param numFlares {@code 3 + int(30·i)}
   * @param flares the flares, drawn in order
   * @param color BGR colour ([255, 255, 235])
   * @param lineThickness line thickness (2)
   * @param blurKernelSize blur kernel side (3)
   * @param blurSigma blur σ ({@code 20·i})
   * @param alpha weight of the image (1)
   * @param beta weight of the flare layer ({@code 0.9·i})
   * @param gamma offset (0)
   */
  public record Params(
      int numFlares,
      List<Flare> flares,
      List<Integer> color,
      Integer lineThickness,
      Integer blurKernelSize,
      double blurSigma,
      Double alpha,
      double beta,
      Double gamma)
      implements OpParams {
    /** Copies and fills the reference constants. */
    public Params {
      flares = flares == null ? ImmutableList.of() : ImmutableList.copyOf(flares);
      color = color == null ? ImmutableList.of(255, 255, 235) : ImmutableList.copyOf(color);
      lineThickness = lineThickness == null ? 2 : lineThickness;
      blurKernelSize = blurKernelSize == null ? 3 : blurKernelSize;
      alpha = alpha == null ? 1.0 : alpha;
      gamma = gamma == null ? 0.0 : gamma;
    }
  }

  LensFlare() {
    super(DegradationType.LENS_FLARE, Params.class);
  }

  @Override
  Params doSample(double i, int w, int h, RandomGenerator rng) {
    int n = 3 + (int) (30 * i);
    ImmutableList.Builder<Flare> flares = ImmutableList.builder();
    for (int k = 0; k < n; k++) {
      int x = Cv.randint(rng, 0, w);
      int y = Cv.randint(rng, 0, h);
      int r = Cv.randint(rng, 10, 50);
      double angle = (2 * Math.PI) * rng.nextDouble();
      int len = Cv.randint(rng, 30, 150);
      int ex = (int) (x + len * Math.cos(angle));
      int ey = (int) (y + len * Math.sin(angle));
      flares.add(new Flare(x, y, r, angle, len, ex, ey));
    }
    return new Params(n, flares.build(), null, 2, 3, 20 * i, 1.0, 0.9 * i, 0.0);
  }

  @Override
  Mat doApply(Mat bgr, Params p) {
    Mat flare = Mat.zeros(bgr.rows(), bgr.cols(), CvType.CV_32FC3);
    Scalar c = new Scalar(p.color().get(0), p.color().get(1), p.color().get(2));
    for (Flare f : p.flares()) {
      Point centre = new Point(f.x(), f.y());
      Imgproc.circle(flare, centre, f.radius(), c, -1);
      Imgproc.line(flare, centre, new Point(f.endX(), f.endY()), c, p.lineThickness());
    }
    // In place where OpenCV allows it: fewer fresh multi-megabyte buffers per call.
    int k = p.blurKernelSize();
    Imgproc.GaussianBlur(flare, flare, new Size(k, k), p.blurSigma());
    Mat sum = new Mat();
    bgr.convertTo(sum, CvType.CV_32F);
    Core.addWeighted(sum, p.alpha(), flare, p.beta(), p.gamma(), sum);
    Mat out = Cv.truncToU8(sum, flare);
    flare.release();
    sum.release();
    return out;
  }
}
