package org.robustr1.degrade.ops;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.random.RandomGenerator;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;
import org.robustr1.core.degradation.DegradationType;

/**
 * {@code lens_blur}: a 2-D Gaussian ({@code kernelSize = int(3+300·i) | 1}, {@code σ = 20·i})
 * applied per channel in float32, truncated to uint8, then {@code addWeighted(img, 1−0.7i,
 * blurred, 0.9i, 0)}.
 *
 * <p>Quirk kept: the two weights sum to {@code 1+0.2i}, so the op also brightens the image.
 */
public final class LensBlur extends AbstractOp<LensBlur.Params> {

  /**
   * Parameters.
   *
   * @param kernelSize odd kernel side
   * @param sigma Gaussian σ
   * @param alpha weight of the input
   * @param beta weight of the blurred image
   * @param gamma offset (0)
   */
  public record Params(int kernelSize, double sigma, double alpha, double beta, double gamma)
      implements OpParams {
    /** Validates. */
    public Params {
      checkArgument(kernelSize >= 1 && kernelSize % 2 == 1, "lens_blur: kernelSize must be odd, got %s", kernelSize);
    }
  }

  LensBlur() {
    super(DegradationType.LENS_BLUR, Params.class);
  }

  @Override
  Params doSample(double i, int w, int h, RandomGenerator rng) {
    return new Params((int) (3 + i * 300) | 1, i * 20, 1 - i * 0.7, i * 0.9, 0.0);
  }

  @Override
  Mat doApply(Mat bgr, Params p) {
    Mat g = Imgproc.getGaussianKernel(p.kernelSize(), p.sigma(), CvType.CV_64F);
    Mat k = Cv.outer(g, 1.0, false);
    Mat blurred = Cv.filterChannelsTruncU8(bgr, k);
    Mat out = new Mat();
    Core.addWeighted(bgr, p.alpha(), blurred, p.beta(), p.gamma(), out);
    g.release();
    k.release();
    blurred.release();
    return out;
  }
}
