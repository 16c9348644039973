package org.robustr1.degrade.ops;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;
import org.robustr1.core.degradation.DegradationType;

/**
 * {@code color_diffusion}: a Gaussian ({@code kernelSize = 3 + 2·int(20·i)}, {@code σ = 50·i})
 * whose 2-D kernel is multiplied by {@code i²} before filtering each channel in float32; if {@code
 * i > 0.9} (strictly), {@code int(100·i)} filled grey circles are drawn on the float image; the
 * result is truncated to uint8 and blended with {@code addWeighted(img, max(0.1, 1 − 0.9i),
 * diffused, min(0.9, 0.9i), 0)}.
 *
 * <p>Quirks kept: the kernel is not normalised (its sum is {@code i²}, so the op darkens), and the
 * circle branch never fires at the pipeline's "100 %" level, which is 0.9.
 */
public final class ColorDiffusion extends AbstractOp<ColorDiffusion.Params> {

  /**
   * A filled grey circle (numpy {@code randint}, high end excluded).
   *
   * @param x centre x in [0, w)
   * @param y centre y in [0, h)
   * @param radius radius in [5, 20)
   * @param value grey level in [0, 255)
   */
  public record Circle(int x, int y, int radius, int value) {}

  /**
   * Parameters.
   *
   * @param kernelSize odd kernel side
   * @param sigma Gaussian σ
   * @param kernelScale {@code i²}, multiplied into the kernel
   * @param alpha weight of the input
   * @param beta weight of the diffused image
   * @param gamma offset (0)
   * @param circlesEnabled whether {@code i > 0.9}
   * @param circles the circles, drawn in order
   */
  public record Params(
      int kernelSize,
      double sigma,
      double kernelScale,
      double alpha,
      double beta,
      double gamma,
      boolean circlesEnabled,
      List<Circle> circles)
      implements OpParams {
    /** Validates and copies. */
    public Params {
      checkArgument(kernelSize >= 1 && kernelSize % 2 == 1, "color_diffusion: kernelSize must be odd, got %s", kernelSize);
      circles = circles == null ? ImmutableList.of() : ImmutableList.copyOf(circles);
    }
  }

  ColorDiffusion() {
    super(DegradationType.COLOR_DIFFUSION, Params.class);
  }

  @Override
  Params doSample(double i, int w, int h, RandomGenerator rng) {
    boolean circles = i > 0.9;
    ImmutableList.Builder<Circle> list = ImmutableList.builder();
    if (circles) {
      int n = (int) (100 * i);
      for (int k = 0; k < n; k++) {
        int x = rng.nextInt(0, w);
        int y = rng.nextInt(0, h);
        int r = rng.nextInt(5, 20);
        int v = rng.nextInt(0, 255);
        list.add(new Circle(x, y, r, v));
      }
    }
    return new Params(
        3 + 2 * (int) (i * 20),
        i * 50,
        i * i,
        Math.max(0.1, 1 - i * 0.9),
        Math.min(0.9, i * 0.9),
        0.0,
        circles,
        list.build());
  }

  @Override
  Mat doApply(Mat bgr, Params p) {
    Mat g = Imgproc.getGaussianKernel(p.kernelSize(), p.sigma(), CvType.CV_64F);
    Mat k = Cv.outer(g, p.kernelScale(), true);
    Mat diffused;
    if (p.circlesEnabled()) {
      // the circles are drawn on the float image, before the truncation
      Mat diffusedF = Cv.filterChannelsF32(bgr, k);
      for (Circle c : p.circles()) {
        Imgproc.circle(
            diffusedF, new Point(c.x(), c.y()), c.radius(), new Scalar(c.value(), c.value(), c.value()), -1);
      }
      diffused = Cv.truncToU8(diffusedF);
      diffusedF.release();
    } else {
      diffused = Cv.filterChannelsTruncU8(bgr, k);
    }
    Mat out = new Mat();
    Core.addWeighted(bgr, p.alpha(), diffused, p.beta(), p.gamma(), out);
    g.release();
    k.release();
    diffused.release();
    return out;
  }
}
