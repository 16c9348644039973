package org.robustr1.degrade.ops;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.random.RandomGenerator;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.robustr1.core.degradation.DegradationType;

/**
 * {@code sharpness_change}: for {@code i > 0} ("sharpen"), 8-bit {@code filter2D} with {@code
 * [[0,−1,0],[−1,5,−1],[0,−1,0]] · (80·i)}, then {@code addWeighted(img, 0.7, filtered, 0.3, 0)};
 * for {@code i ≤ 0} ("gaussianBlur"), {@code GaussianBlur(img, (k, k), 0)} with {@code k =
 * int(3 + 5|i|) | 1} in place of the filter.
 *
 * <p>Quirk kept: the kernel sums to {@code 80·i}, not 1, so the 8-bit filter saturates almost
 * every pixel to 255 (every pixel above about {@code 255/(80·i)} in flat regions). The effect is a
 * washed-out, brightened image with dark and white halos at edges rather than mild sharpening.
 *
 * <p>OpenCV runs both calls on one thread. From about 362×362 pixels on, the sharpen branch is
 * split into row bands run on the caller and the common fork-join pool (at most OpenCV's thread
 * count, see {@link RowBands}); each band reads its neighbouring rows from the whole image, so the
 * bytes are those of the whole-image calls.
 */
public final class SharpnessChange extends AbstractOp<SharpnessChange.Params> {

  /** The sharpen branch. */
  public static final String SHARPEN = "sharpen";

  /** The blur branch (intensity 0). */
  public static final String GAUSSIAN_BLUR = "gaussianBlur";

  /**
   * Parameters.
   *
   * @param branch {@link #SHARPEN} or {@link #GAUSSIAN_BLUR}
   * @param kernelGain {@code 80·i} (sharpen branch)
   * @param blurKernelSize Gaussian kernel side (blur branch)
   * @param blurSigma Gaussian σ, 0 meaning derived from the size (blur branch)
   * @param alpha weight of the input (0.7)
   * @param beta weight of the filtered image (0.3)
   * @param gamma offset (0)
   */
  public record Params(
      String branch,
      Double kernelGain,
      Integer blurKernelSize,
      Double blurSigma,
      double alpha,
      double beta,
      double gamma)
      implements OpParams {
    /** Validates. */
    public Params {
      checkArgument(
          SHARPEN.equals(branch) || GAUSSIAN_BLUR.equals(branch),
          "sharpness_change: branch must be '%s' or '%s', got '%s'",
          SHARPEN,
          GAUSSIAN_BLUR,
          branch);
      if (SHARPEN.equals(branch)) {
        checkArgument(kernelGain != null, "sharpness_change: sharpen branch needs kernelGain");
      } else {
        checkArgument(
            blurKernelSize != null && blurKernelSize % 2 == 1,
            "sharpness_change: gaussianBlur branch needs an odd blurKernelSize, got %s",
            blurKernelSize);
        blurSigma = blurSigma == null ? 0.0 : blurSigma;
      }
    }
  }

  SharpnessChange() {
    super(DegradationType.SHARPNESS_CHANGE, Params.class);
  }

  @Override
  Params doSample(double i, int w, int h, RandomGenerator rng) {
    if (i > 0) {
      return new Params(SHARPEN, i * 80, null, null, 0.7, 0.3, 0.0);
    }
    return new Params(GAUSSIAN_BLUR, null, (int) (3 + Math.abs(i) * 5) | 1, 0.0, 0.7, 0.3, 0.0);
  }

  @Override
  Mat doApply(Mat bgr, Params p) {
    if (SHARPEN.equals(p.branch())) {
      return sharpen(bgr, p, RowBands.count(bgr));
    }
    Mat r = new Mat();
    int s = p.blurKernelSize();
    Imgproc.GaussianBlur(bgr, r, new Size(s, s), p.blurSigma());
    Mat out = new Mat();
    Core.addWeighted(bgr, p.alpha(), r, p.beta(), p.gamma(), out);
    r.release();
    return out;
  }

  /**
   * The sharpen branch over {@code bands} row bands (see {@link RowBands}): each band filters its
   * rows, reading the neighbouring rows from the whole image, and blends them into its rows of the
   * output, so the result is byte-identical for every band count.
   */
  static Mat sharpen(Mat bgr, Params p, int bands) {
    double g = p.kernelGain();
    double[] base = {0, -1, 0, -1, 5, -1, 0, -1, 0};
    double[] k = new double[9];
    for (int j = 0; j < 9; j++) {
      k[j] = base[j] * g;
    }
    Mat kernel = Cv.mat64(3, 3, k);
    Mat out = new Mat(bgr.size(), bgr.type());
    try {
      RowBands.run(
          bgr.rows(),
          bands,
          (r0, r1) -> {
            Mat src = bgr.rowRange(r0, r1);
            Mat dst = out.rowRange(r0, r1);
            Mat filtered = new Mat();
            try {
              Imgproc.filter2D(src, filtered, -1, kernel);
              Core.addWeighted(src, p.alpha(), filtered, p.beta(), p.gamma(), dst);
            } finally {
              filtered.release();
              src.release();
              dst.release();
            }
          });
    } catch (RuntimeException | Error e) {
      out.release();
      throw e;
    } finally {
      kernel.release();
    }
    return out;
  }
}
