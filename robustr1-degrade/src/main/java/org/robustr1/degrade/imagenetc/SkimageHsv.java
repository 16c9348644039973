package org.robustr1.degrade.imagenetc;

/**
 * skimage 0.19's {@code rgb2hsv} and {@code hsv2rgb} on float64 pixels, operation by operation
 * (ties between maximal channels resolve to blue, then green, then red, as skimage's successive
 * masked assignments do).
 */
final class SkimageHsv {

  private SkimageHsv() {}

  /** Converts one RGB pixel in [0, 1] to HSV, writing h, s, v into {@code out[0..2]}. */
  static void rgb2hsv(double r, double g, double b, double[] out) {
    double v = Math.max(r, Math.max(g, b));
    double min = Math.min(r, Math.min(g, b));
    double delta = v - min;
    double s;
    double h;
    if (delta == 0.0) {
      s = 0.0;
      h = 0.0;
    } else {
      s = delta / v;
      double h6;
      if (b == v) {
        h6 = 4. + (r - g) / delta;
      } else if (g == v) {
        h6 = 2. + (b - r) / delta;
      } else {
        h6 = (g - b) / delta;
      }
      h = NumpyOps.floorMod(h6 / 6., 1.);
    }
    out[0] = h;
    out[1] = s;
    out[2] = v;
  }

  /** Converts one HSV pixel back to RGB, writing r, g, b into {@code out[0..2]}. */
  static void hsv2rgb(double h, double s, double v, double[] out) {
    double hi = Math.floor(h * 6);
    double f = h * 6 - hi;
    double p = v * (1 - s);
    double q = v * (1 - f * s);
    double t = v * (1 - (1 - f) * s);
    int sector = ((int) hi & 0xFF) % 6;
    switch (sector) {
      case 0:
        out[0] = v;
        out[1] = t;
        out[2] = p;
        break;
      case 1:
        out[0] = q;
        out[1] = v;
        out[2] = p;
        break;
      case 2:
        out[0] = p;
        out[1] = v;
        out[2] = t;
        break;
      case 3:
        out[0] = p;
        out[1] = q;
        out[2] = v;
        break;
      case 4:
        out[0] = t;
        out[1] = p;
        out[2] = v;
        break;
      default:
        out[0] = v;
        out[1] = p;
        out[2] = q;
        break;
    }
  }
}
