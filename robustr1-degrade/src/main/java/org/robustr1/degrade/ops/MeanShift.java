package org.robustr1.degrade.ops;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.random.RandomGenerator;
import org.opencv.core.Mat;
import org.opencv.core.TermCriteria;
import org.opencv.imgproc.Imgproc;
import org.robustr1.core.degradation.DegradationType;

/**
 * {@code mean_shift}: {@code pyrMeanShiftFiltering(img, sp, sr)} with {@code sp = sr = int(40·i)}
 * and OpenCV's defaults (maxLevel 1, 5 iterations, ε 1). By far the slowest op.
 */
public final class MeanShift extends AbstractOp<MeanShift.Params> {

  /**
   * OpenCV termination criteria.
   *
   * @param type {@code "MAX_ITER+EPS"}, {@code "MAX_ITER"} or {@code "EPS"}
   * @param maxCount iteration limit
   * @param epsilon convergence threshold
   */
  public record TermCriteriaParams(String type, int maxCount, double epsilon) {
    /** OpenCV's defaults for {@code pyrMeanShiftFiltering}. */
    public static final TermCriteriaParams DEFAULT = new TermCriteriaParams("MAX_ITER+EPS", 5, 1.0);

    int cvType() {
      return switch (type) {
        case "MAX_ITER+EPS", "EPS+MAX_ITER", "COUNT+EPS" -> TermCriteria.MAX_ITER + TermCriteria.EPS;
        case "MAX_ITER", "COUNT" -> TermCriteria.MAX_ITER;
        case "EPS" -> TermCriteria.EPS;
        default -> throw new IllegalArgumentException("mean_shift: unknown termCriteria type '" + type + "'");
      };
    }
  }

  /**
   * Parameters.
   *
   * @param spatialRadius spatial window radius
   * @param colorRadius colour window radius
   * @param maxLevel pyramid levels (default 1)
   * @param termCriteria termination criteria (default 5 iterations, ε 1)
   */
  public record Params(
      int spatialRadius, int colorRadius, Integer maxLevel, TermCriteriaParams termCriteria)
      implements OpParams {
    /** Validates and fills OpenCV's defaults. */
    public Params {
      checkArgument(spatialRadius >= 0 && colorRadius >= 0, "mean_shift: radii must be >= 0");
      maxLevel = maxLevel == null ? 1 : maxLevel;
      termCriteria = termCriteria == null ? TermCriteriaParams.DEFAULT : termCriteria;
    }
  }

  MeanShift() {
    super(DegradationType.MEAN_SHIFT, Params.class);
  }

  @Override
  Params doSample(double i, int w, int h, RandomGenerator rng) {
    int r = (int) (i * 40);
    return new Params(r, r, 1, TermCriteriaParams.DEFAULT);
  }

  @Override
  Mat doApply(Mat bgr, Params p) {
    Mat out = new Mat();
    TermCriteria tc =
        new TermCriteria(p.termCriteria().cvType(), p.termCriteria().maxCount(), p.termCriteria().epsilon());
    Imgproc.pyrMeanShiftFiltering(bgr, out, p.spatialRadius(), p.colorRadius(), p.maxLevel(), tc);
    return out;
  }
}
