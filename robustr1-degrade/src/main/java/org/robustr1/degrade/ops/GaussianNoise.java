package org.robustr1.degrade.ops;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.opencv.core.Mat;
import org.robustr1.core.degradation.DegradationType;

/**
 * {@code gaussian_noise}: i.i.d. {@code N(0, (75·i)²)} per pixel and channel, added in double
 * precision, clipped to [0, 255] and truncated to uint8.
 *
 * <p>The noise field is {@code noiseStd · z} with {@code z} a standard-normal field of shape
 * (h, w, 3), flat index {@code (y·w + x)·3 + c} in BGR order. Its source is recorded in the
 * parameters, either as {@code noiseSeed} (this library: {@code z} is drawn with {@code new
 * SplittableRandom(noiseSeed).nextGaussian()} in flat order) or as {@code noiseFile} (a {@code
 * .npy} float64 field, as in the golden fixtures, resolved by the replayer). numpy's random
 * stream cannot be reproduced in Java, so the seed of a Python run is of no use here.
 */
public final class GaussianNoise extends AbstractOp<GaussianNoise.Params> {

  /**
   * Parameters.
   *
   * @param noiseStd the noise standard deviation on the 0..255 scale
   * @param noiseSeed seed of this library's standard-normal field, or null
   * @param noiseFile path of a {@code .npy} standard-normal field, or null
   */
  public record Params(double noiseStd, Long noiseSeed, String noiseFile) implements OpParams {
    /** Validates. */
    public Params {
      checkArgument(
          noiseStd >= 0 && Double.isFinite(noiseStd),
          "gaussian_noise: noiseStd must be finite and >= 0, got %s",
          noiseStd);
      checkArgument(
          noiseSeed != null || noiseFile != null,
          "gaussian_noise: either noiseSeed or noiseFile is required");
    }
  }

  GaussianNoise() {
    super(DegradationType.GAUSSIAN_NOISE, Params.class);
  }

  @Override
  Params doSample(double i, int w, int h, RandomGenerator rng) {
    return new Params(i * 75, rng.nextLong(), null);
  }

  /** This library's standard-normal field for a seed: {@code count} values in flat order. */
  public static double[] standardNormalField(long seed, int count) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] z = new double[count];
    for (int k = 0; k < count; k++) {
      z[k] = r.nextGaussian();
    }
    return z;
  }

  /**
   * Applies the op from {@code noiseSeed}.
   *
   * @throws IllegalArgumentException when only {@code noiseFile} is set: load the field and call
   *     {@link #applyField} (the replayer does this)
   */
  @Override
  Mat doApply(Mat bgr, Params p) {
    checkArgument(
        p.noiseSeed() != null,
        "gaussian_noise: parameters refer to noiseFile %s; load it and use applyField",
        p.noiseFile());
    double[] z = standardNormalField(p.noiseSeed(), (int) bgr.total() * 3);
    return addNoise(bgr, p.noiseStd(), z);
  }

  /**
   * Applies the op with an explicit standard-normal field {@code z} (h·w·3 values, flat BGR
   * order): {@code trunc(clip(pixel + noiseStd·z, 0, 255))}.
   */
  public static Mat applyField(Mat bgr, double noiseStd, double[] z) {
    checkArgument(
        z.length == bgr.total() * 3,
        "gaussian_noise: noise field has %s values, image %sx%sx3 needs %s",
        z.length,
        bgr.cols(),
        bgr.rows(),
        bgr.total() * 3);
    return org.robustr1.degrade.io.OpenCv.withoutIpp(() -> addNoise(bgr, noiseStd, z));
  }

  private static Mat addNoise(Mat bgr, double std, double[] z) {
    byte[] px = Cv.bytes(bgr);
    for (int k = 0; k < px.length; k++) {
      double v = (px[k] & 0xFF) + std * z[k];
      v = v < 0 ? 0 : (v > 255 ? 255 : v);
      px[k] = (byte) (int) v;
    }
    return Cv.u8(bgr.rows(), bgr.cols(), 3, px);
  }
}
