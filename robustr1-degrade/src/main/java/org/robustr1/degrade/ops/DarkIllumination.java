package org.robustr1.degrade.ops;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.random.RandomGenerator;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.robustr1.core.degradation.DegradationType;

/**
 * {@code dark_illumination}: every value becomes {@code trunc(clip(v · (1 − i²), 0, 255))},
 * computed in double precision. Factors 0.9471 / 0.7975 / 0.19 at 0.23 / 0.45 / 0.9.
 */
public final class DarkIllumination extends AbstractOp<DarkIllumination.Params> {

  /**
   * Parameters.
   *
   * @param factor the multiplier {@code 1 − i²}
   */
  public record Params(double factor) implements OpParams {
    /** Validates. */
    public Params {
      checkArgument(Double.isFinite(factor), "dark_illumination: factor must be finite");
    }
  }

  DarkIllumination() {
    super(DegradationType.DARK_ILLUMINATION, Params.class);
  }

  @Override
  Params doSample(double i, int w, int h, RandomGenerator rng) {
    return new Params(1 - i * i);
  }

  @Override
  Mat doApply(Mat bgr, Params p) {
    Mat lut = Cv.scaleLut(p.factor());
    Mat out = new Mat();
    Core.LUT(bgr, lut, out);
    lut.release();
    return out;
  }
}
