package org.robustr1.degrade.ops;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.random.RandomGenerator;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.robustr1.core.degradation.DegradationType;

/**
 * {@code motion_blur}: a {@code degree}×{@code degree} identity-diagonal kernel rotated by a
 * uniform angle about (degree/2, degree/2) with {@code warpAffine} (bilinear, constant 0 border),
 * normalised to sum 1 (numpy pairwise sum) and applied with 8-bit {@code filter2D} (correlation,
 * anchor at {@code degree/2} integer division, so off-centre for even degrees, {@code
 * BORDER_REFLECT_101}). {@code degree = max(5, int(30·i))}: 6 / 13 / 27 at 0.23 / 0.45 / 0.9.
 *
 * <p>Quirk kept: the rotation centre is a true division ({@code 6.5} for 13), and for even degrees
 * the kernel is not centred on the anchor, so the image shifts by half a pixel.
 */
public final class MotionBlur extends AbstractOp<MotionBlur.Params> {

  /**
   * Parameters.
   *
   * @param degree kernel side, at least 1
   * @param angleDeg rotation in degrees ({@code random.uniform(0, 360)})
   */
  public record Params(int degree, double angleDeg) implements OpParams {
    /** Validates. */
    public Params {
      checkArgument(degree >= 1, "motion_blur: degree must be >= 1, got %s", degree);
      checkArgument(Double.isFinite(angleDeg), "motion_blur: angleDeg must be finite");
    }
  }

  MotionBlur() {
    super(DegradationType.MOTION_BLUR, Params.class);
  }

  @Override
  Params doSample(double i, int w, int h, RandomGenerator rng) {
    int degree = Math.max(5, (int) (i * 30));
    double angle = rng.nextDouble() * 360.0;
    return new Params(degree, angle);
  }

  /** The normalised rotated kernel (CV_64F, degree×degree) the op correlates with. */
  public static Mat kernel(Params p) {
    org.robustr1.degrade.io.OpenCv.load();
    int d = p.degree();
    Mat rot = Imgproc.getRotationMatrix2D(new Point(d / 2.0, d / 2.0), p.angleDeg(), 1.0);
    double[] eye = new double[d * d];
    for (int k = 0; k < d; k++) {
      eye[k * d + k] = 1.0;
    }
    Mat diag = Cv.mat64(d, d, eye);
    Mat warped = new Mat();
    Imgproc.warpAffine(diag, warped, rot, new Size(d, d));
    double[] k = new double[d * d];
    warped.get(0, 0, k);
    double sum = Cv.numpySum(k);
    for (int j = 0; j < k.length; j++) {
      k[j] /= sum;
    }
    rot.release();
    diag.release();
    warped.release();
    return Cv.mat64(d, d, k);
  }

  @Override
  Mat doApply(Mat bgr, Params p) {
    Mat kernel = kernel(p);
    Mat out = new Mat();
    Imgproc.filter2D(bgr, out, -1, kernel);
    kernel.release();
    return out;
  }
}
