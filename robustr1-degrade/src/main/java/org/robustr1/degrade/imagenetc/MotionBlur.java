package org.robustr1.degrade.imagenetc;

/**
 * imagecorruptions' {@code _motion_blur}: a one-sided half-Gaussian of {@code 2·radius + 1} taps
 * laid along a line at angle θ; tap i adds {@code k[i] · shift(x, dx_i, dy_i)} with edge pixels
 * replicated, and the loop stops at the first shift that reaches the image size.
 */
final class MotionBlur {

  private MotionBlur() {}

  /** The normalised kernel {@code exp(-i²/(2σ²)) / (√(2π)·σ)}, i = 0 … 2·radius. */
  static double[] kernel(int radius, int sigma) {
    int width = radius * 2 + 1;
    double[] k = new double[width];
    double denom = Math.sqrt(2 * Math.PI) * sigma;
    for (int i = 0; i < width; i++) {
      k[i] = Math.exp((double) (-(long) i * i) / (double) (2L * sigma * sigma)) / denom;
    }
    double z = NumpyOps.pairwiseSum(k, 0, width);
    for (int i = 0; i < width; i++) {
      k[i] = k[i] / z;
    }
    return k;
  }

  /**
   * Blurs an {@code h × w × c} float32 array; returns a new array.
   *
   * @param angleDeg the motion angle in degrees
   */
  static float[] apply(float[] x, int h, int w, int c, int radius, int sigma, double angleDeg) {
    return apply(x, h, w, c, h, w, w, radius, sigma, angleDeg);
  }

  /**
   * Blurs the top-left {@code outH × outW} corner of an {@code h × w × c} float32 array whose rows
   * are {@code stride} pixels apart, of which only the first {@code min(h, outH + 2·radius + 2)}
   * rows and {@code min(w, outW + 2·radius + 2)} columns are read (edges are replicated at the
   * full size {@code h × w}, as in the reference). Returns a dense {@code outH × outW × c} array.
   * Accumulates in float32 in the reference tap order.
   */
  static float[] apply(
      float[] x,
      int h,
      int w,
      int c,
      int outH,
      int outW,
      int stride,
      int radius,
      int sigma,
      double angleDeg) {
    int width = radius * 2 + 1;
    double[] kd = kernel(radius, sigma);
    double rad = Math.toRadians(angleDeg);
    double p0 = width * Math.sin(rad);
    double p1 = width * Math.cos(rad);
    double hyp = Math.hypot(p0, p1);
    int[] dys = new int[width];
    int[] dxs = new int[width];
    int taps = 0;
    for (int i = 0; i < width; i++) {
      int dy = (int) -Math.ceil(((i * p0) / hyp) - 0.5);
      int dx = (int) -Math.ceil(((i * p1) / hyp) - 0.5);
      if (Math.abs(dy) >= h || Math.abs(dx) >= w) {
        break;
      }
      dys[taps] = dy;
      dxs[taps] = dx;
      taps++;
    }
    float[] k = new float[taps];
    for (int i = 0; i < taps; i++) {
      k[i] = (float) kd[i];
    }
    float[] out = new float[outH * outW * c];
    int rowLen = outW * c;
    int srcRowLen = stride * c;
    // Row by row with the taps inside, so each output row stays in L1; every value still sums
    // its taps in the reference order i = 0, 1, .... The shifted source row is copied to `tmp`
    // first so that the accumulation reads and writes the same index (C2 vectorises that form).
    float[] acc = new float[rowLen];
    float[] tmp = new float[rowLen];
    for (int y = 0; y < outH; y++) {
      java.util.Arrays.fill(acc, 0f);
      for (int i = 0; i < taps; i++) {
        float ki = k[i];
        int dy = dys[i];
        int dx = dxs[i];
        // output columns whose source column x − dx lies inside [0, w)
        int midLo = Math.max(0, Math.min(outW, dx));
        int midHi = Math.max(midLo, Math.min(outW, w + dx));
        int sy = y - dy;
        sy = sy < 0 ? 0 : (sy >= h ? h - 1 : sy);
        int srow = sy * srcRowLen;
        for (int xx = 0; xx < midLo; xx++) {
          for (int ch = 0; ch < c; ch++) {
            acc[xx * c + ch] += ki * x[srow + ch];
          }
        }
        int lo = midLo * c;
        int hi = midHi * c;
        System.arraycopy(x, srow - dx * c + lo, tmp, lo, hi - lo);
        for (int p = lo; p < hi; p++) {
          acc[p] += ki * tmp[p];
        }
        int last = srow + (w - 1) * c;
        for (int xx = midHi; xx < outW; xx++) {
          for (int ch = 0; ch < c; ch++) {
            acc[xx * c + ch] += ki * x[last + ch];
          }
        }
      }
      System.arraycopy(acc, 0, out, y * rowLen, rowLen);
    }
    return out;
  }
}
