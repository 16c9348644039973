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
   * Blurs an {@code h × w × c} float64 array; returns a new array.
   *
   * @param angleDeg the motion angle in degrees
   */
  static double[] apply(double[] x, int h, int w, int c, int radius, int sigma, double angleDeg) {
    int width = radius * 2 + 1;
    double[] k = kernel(radius, sigma);
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
    double[] out = new double[x.length];
    int rowLen = w * c;
    // Row by row with the taps inside, so each output row stays in L1; every value still sums
    // its taps in the reference order i = 0, 1, ...
    for (int y = 0; y < h; y++) {
      int drow = y * rowLen;
      for (int i = 0; i < taps; i++) {
        double ki = k[i];
        int dy = dys[i];
        int dx = dxs[i];
        int midLo = Math.max(0, dx);
        int midHi = Math.min(w, w + dx);
        int sy = y - dy;
        sy = sy < 0 ? 0 : (sy >= h ? h - 1 : sy);
        int srow = sy * rowLen;
        for (int xx = 0; xx < midLo; xx++) {
          for (int ch = 0; ch < c; ch++) {
            out[drow + xx * c + ch] += ki * x[srow + ch];
          }
        }
        int off = srow - dx * c - drow;
        for (int p = drow + midLo * c, end = drow + midHi * c; p < end; p++) {
          out[p] += ki * x[p + off];
        }
        int last = srow + (w - 1) * c;
        for (int xx = midHi; xx < w; xx++) {
          for (int ch = 0; ch < c; ch++) {
            out[drow + xx * c + ch] += ki * x[last + ch];
          }
        }
      }
    }
    return out;
  }
}
