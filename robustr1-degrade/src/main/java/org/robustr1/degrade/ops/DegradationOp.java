package org.robustr1.degrade.ops;

import java.util.Map;
import java.util.random.RandomGenerator;
import org.opencv.core.Mat;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.core.image.RgbImage;

/**
 * One official degradation operation, split into parameter sampling and a deterministic
 * application.
 *
 * <p>Implementations are stateless and thread-safe. {@code apply} never modifies its input and
 * returns a new Mat owned by the caller.
 *
 * @param <P> the parameter record
 */
public interface DegradationOp<P extends OpParams> {

  /** The degradation this op implements. */
  DegradationType type();

  /** The parameter record class. */
  Class<P> paramsType();

  /**
   * Derives the intensity-dependent values and draws the random ones, in the reference's draw
   * order, for an image of the given size.
   *
   * @param intensity the intensity in [0, 1]
   * @param width image width in pixels
   * @param height image height in pixels
   * @param rng the random source (only this op's draws are taken from it)
   * @throws IllegalArgumentException if the intensity is outside [0, 1] or the size is not positive
   */
  P sample(double intensity, int width, int height, RandomGenerator rng);

  /**
   * Applies the op with explicit parameters to an 8-bit, 3-channel BGR image.
   *
   * @throws IllegalArgumentException if the image is empty or not 8-bit 3-channel, or the
   *     parameters do not fit the image
   */
  Mat apply(Mat bgr, P params);

  /** Parses a schema map (e.g. the {@code params} of a golden case) into this op's record. */
  default P params(Map<String, ?> map) {
    return ParamsCodec.fromMap(map, paramsType());
  }

  /** Applies schema-map parameters (see {@link #params(Map)}). */
  default Mat applyMap(Mat bgr, Map<String, ?> params) {
    return apply(bgr, params(params));
  }

  /** Convenience: applies the op to an {@link RgbImage}. */
  default RgbImage apply(RgbImage image, P params) {
    Mat bgr = org.robustr1.degrade.io.ImageIo.toBgr(image);
    Mat out = apply(bgr, params);
    try {
      return org.robustr1.degrade.io.ImageIo.toRgb(out);
    } finally {
      bgr.release();
      out.release();
    }
  }
}
