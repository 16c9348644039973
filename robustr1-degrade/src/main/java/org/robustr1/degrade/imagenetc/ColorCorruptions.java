package org.robustr1.degrade.imagenetc;

/** HSV-based adjustments shared by brightness and saturate (skimage float64 HSV). */
final class ColorCorruptions {

  /** saturate: (S multiplier, S offset). */
  static final double[][] SATURATE = {{0.3, 0}, {0.1, 0}, {2, 0}, {5, 0.1}, {20, 0.2}};

  private ColorCorruptions() {}

  /**
   * RGB → HSV, then {@code S ← clip(S·sMul + sAdd)} when {@code adjustS}, {@code V ← clip(V +
   * vAdd)} when {@code adjustV}, then HSV → RGB, clip, ×255 and truncate.
   */
  static byte[] hsvAdjust(byte[] px, double sMul, double sAdd, double vAdd) {
    boolean adjustS = !(sMul == 1.0 && sAdd == 0.0);
    boolean adjustV = vAdd != 0.0;
    double[] hsv = new double[3];
    double[] rgb = new double[3];
    double[] scratch = new double[4];
    byte[] out = new byte[px.length];
    double[] unit = NoiseCorruptions.UNIT;
    for (int i = 0; i < px.length; i += 3) {
      SkimageHsv.rgb2hsv(unit[px[i] & 0xFF], unit[px[i + 1] & 0xFF], unit[px[i + 2] & 0xFF], hsv);
      double s = hsv[1];
      double v = hsv[2];
      if (adjustS) {
        s = clip01(s * sMul + sAdd);
      }
      if (adjustV) {
        v = clip01(v + vAdd);
      }
      SkimageHsv.hsv2rgb(hsv[0], s, v, rgb, scratch);
      out[i] = NumpyOps.unitToByte(rgb[0]);
      out[i + 1] = NumpyOps.unitToByte(rgb[1]);
      out[i + 2] = NumpyOps.unitToByte(rgb[2]);
    }
    return out;
  }

  /** S ← clip(S·m + o) in skimage HSV. */
  static byte[] saturate(byte[] px, int severity) {
    double[] c = SATURATE[severity - 1];
    return hsvAdjust(px, c[0], c[1], 0.0);
  }

  private static double clip01(double v) {
    return v < 0 ? 0 : (v > 1 ? 1 : v);
  }
}
