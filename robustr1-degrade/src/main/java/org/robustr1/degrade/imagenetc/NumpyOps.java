package org.robustr1.degrade.imagenetc;

/** Small numeric helpers that reproduce numpy's floating-point behaviour where it matters. */
final class NumpyOps {

  private NumpyOps() {}

  /**
   * {@code np.sum} of a contiguous float64 vector: numpy's pairwise summation (8 accumulators for
   * blocks up to 128 elements, recursive halving above).
   */
  static double pairwiseSum(double[] a, int from, int n) {
    if (n < 8) {
      double res = 0.0;
      for (int i = 0; i < n; i++) {
        res += a[from + i];
      }
      return res;
    } else if (n <= 128) {
      double[] r = new double[8];
      for (int j = 0; j < 8; j++) {
        r[j] = a[from + j];
      }
      int i;
      for (i = 8; i < n - (n % 8); i += 8) {
        for (int j = 0; j < 8; j++) {
          r[j] += a[from + i + j];
        }
      }
      double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) {
        res += a[from + i];
      }
      return res;
    } else {
      int n2 = n / 2;
      n2 -= n2 % 8;
      return pairwiseSum(a, from, n2) + pairwiseSum(a, from + n2, n - n2);
    }
  }

  /** {@code np.arange(start, stop, step)} for floats: length ceil((stop-start)/step), i*delta. */
  static double[] arange(double start, double stop, double step) {
    int n = (int) Math.ceil((stop - start) / step);
    double[] out = new double[Math.max(n, 0)];
    if (n > 0) {
      out[0] = start;
    }
    if (n > 1) {
      double second = start + step;
      double delta = second - start;
      out[1] = second;
      for (int i = 2; i < n; i++) {
        out[i] = start + i * delta;
      }
    }
    return out;
  }

  /** numpy's float {@code a % b} for b &gt; 0 (result has the sign of b). */
  static double floorMod(double a, double b) {
    if (b == 1.0 && a > -1.0 && a < 1.0) {
      // fmod(a, 1) == a exactly for |a| < 1
      return a < 0 ? a + 1.0 : a;
    }
    double m = a % b;
    if (m != 0 && (m < 0) != (b < 0)) {
      m += b;
    }
    return m;
  }

  /** {@code np.uint8(np.clip(x, 0, 1) * 255)}: clip then truncate toward zero. */
  static byte unitToByte(double v) {
    // (int) saturates and maps NaN to 0, so clamping the truncated integer is the same as
    // clipping v to [0, 1] first (v·255 ≤ 255 exactly when v ≤ 1)
    return clampByte((int) (v * 255));
  }

  /** float32 variant of {@link #unitToByte(double)}: {@code np.clip(x, 0, 1) * 255} in float32. */
  static byte unitToByte(float v) {
    return clampByte((int) (v * 255f));
  }

  /** {@code np.uint8(np.clip(v, 0, 255))} of 0..255 float levels (see {@link #unitToByte}). */
  static byte truncByte(float v) {
    return clampByte((int) v);
  }

  /** An int clamped to 0..255, as a byte. */
  static byte clampByte(int t) {
    return (byte) (t < 0 ? 0 : (t > 255 ? 255 : t));
  }

  /** {@code np.uint8(np.clip(x, 0, 255))} on 0..255 values. */
  static byte clip255(double v) {
    return clampByte((int) v);
  }

  /** The pixels as float64 in [0, 1]: {@code np.array(x) / 255.}. */
  static double[] toUnit(byte[] px) {
    double[] out = new double[px.length];
    double[] unit = NoiseCorruptions.UNIT;
    for (int i = 0; i < px.length; i++) {
      out[i] = unit[px[i] & 0xFF];
    }
    return out;
  }

  /** Clip to [0, 1], scale by 255 and truncate every value. */
  static byte[] fromUnit(double[] x) {
    byte[] out = new byte[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = unitToByte(x[i]);
    }
    return out;
  }
}
