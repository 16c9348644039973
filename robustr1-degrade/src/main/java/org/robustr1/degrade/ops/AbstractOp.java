package org.robustr1.degrade.ops;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.random.RandomGenerator;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.degrade.io.OpenCv;

/**
 * Validation and IPP handling shared by the official ops: {@link #apply} checks the image and runs
 * {@link #doApply} with IPP off on the calling thread.
 */
abstract class AbstractOp<P extends OpParams> implements DegradationOp<P> {

  private final DegradationType type;
  private final Class<P> paramsType;

  AbstractOp(DegradationType type, Class<P> paramsType) {
    this.type = type;
    this.paramsType = paramsType;
  }

  @Override
  public final DegradationType type() {
    return type;
  }

  @Override
  public final Class<P> paramsType() {
    return paramsType;
  }

  @Override
  public final P sample(double intensity, int width, int height, RandomGenerator rng) {
    checkArgument(
        intensity >= 0.0 && intensity <= 1.0,
        "%s: intensity must be within [0, 1], got %s",
        type.opName(),
        intensity);
    checkArgument(
        width > 0 && height > 0,
        "%s: image size must be positive, got %sx%s",
        type.opName(),
        width,
        height);
    requireNonNull(rng, "rng");
    return doSample(intensity, width, height, rng);
  }

  @Override
  public final Mat apply(Mat bgr, P params) {
    requireNonNull(bgr, "bgr");
    requireNonNull(params, "params");
    checkArgument(!bgr.empty(), "%s: empty image", type.opName());
    checkArgument(
        bgr.type() == CvType.CV_8UC3,
        "%s: expected an 8-bit 3-channel BGR image, got %s",
        type.opName(),
        CvType.typeToString(bgr.type()));
    return OpenCv.withoutIpp(() -> doApply(bgr, params));
  }

  abstract P doSample(double i, int w, int h, RandomGenerator rng);

  abstract Mat doApply(Mat bgr, P params);

  @Override
  public String toString() {
    return type.opName();
  }
}
