package org.robustr1.degrade.ops;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.random.RandomGenerator;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;
import org.robustr1.core.degradation.DegradationType;

/**
 * {@code hsv_saturation}: BGR → 8-bit HSV, {@code S ← trunc(clip(S · (1 − i)))} with the product
 * in <em>float32</em> (numpy multiplies a float32 array by a Python float in float32), HSV → BGR.
 *
 * <p>Quirk kept: despite its name the op only ever desaturates (factor 0.77 / 0.55 / 0.10).
 */
public final class HsvSaturation extends AbstractOp<HsvSaturation.Params> {

  /**
   * Parameters.
   *
   * @param saturationScale the S multiplier {@code 1 − i} (used as float32)
   */
  public record Params(double saturationScale) implements OpParams {
    /** Validates. */
    public Params {
      checkArgument(Double.isFinite(saturationScale), "hsv_saturation: saturationScale must be finite");
    }
  }

  HsvSaturation() {
    super(DegradationType.HSV_SATURATION, Params.class);
  }

  @Override
  Params doSample(double i, int w, int h, RandomGenerator rng) {
    return new Params(1 - i);
  }

  @Override
  Mat doApply(Mat bgr, Params p) {
    Mat hsv = new Mat();
    Imgproc.cvtColor(bgr, hsv, Imgproc.COLOR_BGR2HSV);
    // One table per channel: H and V unchanged, S scaled with a float32 product.
    float s = (float) p.saturationScale();
    byte[] t = new byte[256 * 3];
    for (int v = 0; v < 256; v++) {
      t[v * 3] = (byte) v;
      t[v * 3 + 1] = (byte) Cv.clampTrunc((float) v * s);
      t[v * 3 + 2] = (byte) v;
    }
    Mat lut = new Mat(1, 256, CvType.CV_8UC3);
    lut.put(0, 0, t);
    Core.LUT(hsv, lut, hsv);
    lut.release();
    Mat out = new Mat();
    Imgproc.cvtColor(hsv, out, Imgproc.COLOR_HSV2BGR);
    hsv.release();
    return out;
  }
}
