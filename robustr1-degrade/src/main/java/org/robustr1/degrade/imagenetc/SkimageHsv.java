package org.robustr1.degrade.imagenetc;

/**
 * skimage 0.19's {@code rgb2hsv} and {@code hsv2rgb} on float64 pixels, operation by operation
 * (ties between maximal channels resolve to blue, then green, then red, as skimage's successive
 * masked assignments do).
 */
final class SkimageHsv {

  private SkimageHsv() {}

  /**
   * Converts one RGB pixel in [0, 1] to HSV, writing h, s, v into {@code out[0..2]}. The hue's
   * numerator and offset are selected without branching on the (unpredictable) maximal channel;
   * adding the offset 0 leaves the red-sector quotient unchanged, so every value is bit-identical
   * to the branching form.
   */
  static void rgb2hsv(double r, double g, double b, double[] out) {
    // inputs are in [0, 1] (no NaN, no −0), where the ternaries equal Math.max / Math.min
    double gb = g > b ? g : b;
    double v = r > gb ? r : gb;
    double gbMin = g < b ? g : b;
    double min = r < gbMin ? r : gbMin;
    double delta = v - min;
    double s;
    double h;
    if (delta == 0.0) {
      s = 0.0;
      h = 0.0;
    } else {
      s = delta / v;
      boolean blue = b == v;
      boolean green = g == v;
      double num = blue ? r - g : (green ? b - r : g - b);
      double off = blue ? 4. : (green ? 2. : 0.);
      h = NumpyOps.floorMod((off + num / delta) / 6., 1.);
    }
    out[0] = h;
    out[1] = s;
    out[2] = v;
  }

  /** For sector 0 … 5: which of (v, t, p, q) becomes r, g and b. */
  private static final int[] SECTOR_R = {0, 3, 2, 2, 1, 0};

  private static final int[] SECTOR_G = {1, 0, 0, 3, 2, 2};
  private static final int[] SECTOR_B = {2, 2, 1, 0, 0, 3};

  /**
   * Converts one HSV pixel back to RGB, writing r, g, b into {@code out[0..2]}; {@code scratch}
   * (length ≥ 4) holds (v, t, p, q) so that the sector picks them by index instead of a switch.
   */
  static void hsv2rgb(double h, double s, double v, double[] out, double[] scratch) {
    double hi = Math.floor(h * 6);
    double f = h * 6 - hi;
    scratch[0] = v;
    scratch[1] = v * (1 - (1 - f) * s);
    scratch[2] = v * (1 - s);
    scratch[3] = v * (1 - f * s);
    int sector = ((int) hi & 0xFF) % 6;
    out[0] = scratch[SECTOR_R[sector]];
    out[1] = scratch[SECTOR_G[sector]];
    out[2] = scratch[SECTOR_B[sector]];
  }

  /** {@link #hsv2rgb(double, double, double, double[], double[])} with its own scratch. */
  static void hsv2rgb(double h, double s, double v, double[] out) {
    hsv2rgb(h, s, v, out, new double[4]);
  }
}
