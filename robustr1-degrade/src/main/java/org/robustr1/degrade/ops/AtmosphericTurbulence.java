package org.robustr1.degrade.ops;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.random.RandomGenerator;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;
import org.robustr1.core.degradation.DegradationType;

/**
 * {@code atmospheric_turbulence}: a row-only displacement {@code d(y) = amplitude · sin(y/30 +
 * phase)} with {@code amplitude = 40·i}, {@code phase = 5·i}; sampling maps {@code x' = clip(x +
 * d(y), 0, w−1)}, {@code y' = clip(y + 0.7·d(y), 0, h−1)} (computed in double, stored as
 * float32), resampled with {@code remap} (bilinear, constant border).
 *
 * <p>Quirk kept: the distortion depends on the row only, so whole rows shift sideways as a wave.
 */
public final class AtmosphericTurbulence extends AbstractOp<AtmosphericTurbulence.Params> {

  /**
   * Parameters.
   *
   * @param amplitude {@code 40·i} pixels
   * @param phase {@code 5·i} radians
   * @param rowPeriod the divisor of y (30)
   * @param verticalFactor the share of the displacement applied to y (0.7)
   */
  public record Params(double amplitude, double phase, Integer rowPeriod, Double verticalFactor)
      implements OpParams {
    /** Validates and fills the reference constants. */
    public Params {
      checkArgument(Double.isFinite(amplitude) && Double.isFinite(phase), "atmospheric_turbulence: non-finite parameters");
      rowPeriod = rowPeriod == null ? 30 : rowPeriod;
      verticalFactor = verticalFactor == null ? 0.7 : verticalFactor;
      checkArgument(rowPeriod > 0, "atmospheric_turbulence: rowPeriod must be > 0");
    }
  }

  AtmosphericTurbulence() {
    super(DegradationType.ATMOSPHERIC_TURBULENCE, Params.class);
  }

  @Override
  Params doSample(double i, int w, int h, RandomGenerator rng) {
    return new Params(i * 40, i * 5, 30, 0.7);
  }

  /** The per-row displacement {@code d(y)} for an image of {@code height} rows. */
  public static double[] rowDistortion(Params p, int height) {
    double[] d = new double[height];
    for (int y = 0; y < height; y++) {
      d[y] = p.amplitude() * Math.sin(y / (double) p.rowPeriod() + p.phase());
    }
    return d;
  }

  @Override
  Mat doApply(Mat bgr, Params p) {
    int w = bgr.cols();
    int h = bgr.rows();
    double[] d = rowDistortion(p, h);
    Maps maps = Maps.LOCAL.get();
    float[] mx = maps.x(w * h);
    float[] my = maps.y(w * h);
    double vf = p.verticalFactor();
    double xMax = w - 1;
    for (int y = 0; y < h; y++) {
      double yy = Math.min(Math.max(y + d[y] * vf, 0.0), h - 1);
      int row = y * w;
      java.util.Arrays.fill(my, row, row + w, (float) yy);
      double dy = d[y];
      for (int x = 0; x < w; x++) {
        // clip(x + d, 0, w - 1) in double, as Math.min(Math.max(..)) for every non-NaN value
        double v = x + dy;
        mx[row + x] = (float) (v <= 0.0 ? 0.0 : (v >= xMax ? xMax : v));
      }
    }
    maps.mapX.create(h, w, CvType.CV_32F);
    maps.mapY.create(h, w, CvType.CV_32F);
    maps.mapX.put(0, 0, mx);
    maps.mapY.put(0, 0, my);
    Mat out = new Mat();
    Imgproc.remap(bgr, out, maps.mapX, maps.mapY, Imgproc.INTER_LINEAR);
    return out;
  }

  /**
   * The calling thread's sampling maps, reused from call to call (while the image size stays the same):
   * two fresh 1 MiB native maps per 512² call cost about 880 page faults, as much as the remap
   * itself on this project's 2-core AMD VM.
   */
  private static final class Maps {
    static final ThreadLocal<Maps> LOCAL = ThreadLocal.withInitial(Maps::new);
    final Mat mapX = new Mat();
    final Mat mapY = new Mat();
    private float[] x = new float[0];
    private float[] y = new float[0];

    float[] x(int n) {
      if (x.length != n) {
        x = new float[n];
      }
      return x;
    }

    float[] y(int n) {
      if (y.length != n) {
        y = new float[n];
      }
      return y;
    }
  }
}
