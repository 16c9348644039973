package org.robustr1.degrade.imagenetc;

import org.robustr1.degrade.io.OpenCv;

/**
 * Ports of the {@code scipy.ndimage} routines the corruptions call, written to repeat scipy's
 * floating-point operations in the same order: {@code gaussian_filter} (separable {@code
 * correlate1d} with a symmetric kernel) and {@code zoom(order=1)}.
 *
 * <p>Images are row-major {@code h × w × c} arrays; only the two spatial axes are filtered (the
 * channel axis has σ = 0, as with skimage's {@code channel_axis=-1}).
 */
final class ScipyNdimage {

  /** Boundary modes of {@code scipy.ndimage} used here. */
  enum Mode {
    /** {@code 'nearest'}: a a a | a b c d | d d d. */
    NEAREST,
    /** {@code 'reflect'}: b a | a b c d | d c (half-sample symmetric). */
    REFLECT
  }

  private ScipyNdimage() {}

  /**
   * {@code scipy.ndimage._gaussian_kernel1d(sigma, 0, radius)} with radius {@code int(truncate * σ +
   * 0.5)}: exp(-0.5/σ² · x²) normalised by numpy's pairwise sum.
   */
  static double[] gaussianKernel(double sigma, double truncate) {
    int radius = (int) (truncate * sigma + 0.5);
    double[] phi = new double[2 * radius + 1];
    double c = -0.5 / (sigma * sigma);
    for (int i = 0; i < phi.length; i++) {
      long x = i - radius;
      phi[i] = Math.exp(c * (double) (x * x));
    }
    double sum = NumpyOps.pairwiseSum(phi, 0, phi.length);
    for (int i = 0; i < phi.length; i++) {
      phi[i] = phi[i] / sum;
    }
    return phi;
  }

  /**
   * {@code gaussian_filter(x, sigma=(sy, sx, 0), mode, truncate)} on float64 data: axis 0 then axis
   * 1, each a symmetric {@code correlate1d}. Returns a new array.
   */
  static double[] gaussianFilter(
      double[] x, int h, int w, int c, double sigmaY, double sigmaX, double truncate, Mode mode) {
    double[] cur = x;
    if (sigmaY > 1e-15) {
      double[] out = new double[x.length];
      correlateAxis0(cur, out, h, w * c, gaussianKernel(sigmaY, truncate), mode);
      cur = out;
    }
    if (sigmaX > 1e-15) {
      double[] out = new double[x.length];
      correlateAxis1(cur, out, h, w, c, gaussianKernel(sigmaX, truncate), mode);
      cur = out;
    }
    return cur == x ? x.clone() : cur;
  }

  /**
   * The same filter (scipy's kernel, border and axes) run in float32 by OpenCV's vectorised {@code
   * sepFilter2D}: equal to {@link #gaussianFilter} within float32 rounding. Used by the random
   * corruptions only, where last-bit agreement with the reference cannot be observed.
   */
  static float[] gaussianFilterFast(
      float[] x, int h, int w, int c, double sigmaY, double sigmaX, double truncate, Mode mode) {
    OpenCv.load();
    org.opencv.core.Mat src = new org.opencv.core.Mat(h, w, org.opencv.core.CvType.CV_32FC(c));
    org.opencv.core.Mat dst = new org.opencv.core.Mat();
    org.opencv.core.Mat kx = kernelMat(sigmaX, truncate);
    org.opencv.core.Mat ky = kernelMat(sigmaY, truncate);
    try {
      src.put(0, 0, x);
      int border =
          mode == Mode.NEAREST
              ? org.opencv.core.Core.BORDER_REPLICATE
              : org.opencv.core.Core.BORDER_REFLECT;
      org.opencv.imgproc.Imgproc.sepFilter2D(
          src, dst, org.opencv.core.CvType.CV_32F, kx, ky, new org.opencv.core.Point(-1, -1), 0,
          border);
      float[] out = new float[x.length];
      dst.get(0, 0, out);
      return out;
    } finally {
      src.release();
      dst.release();
      kx.release();
      ky.release();
    }
  }

  /**
   * {@link #gaussianFilterFast} with mode 'nearest' and the same σ on both spatial axes, applied to
   * 8-bit pixels and returned as float32 levels (0..255 scale), without an intermediate float copy.
   */
  static float[] gaussianFilterBytes(byte[] px, int h, int w, int c, double sigma, double truncate) {
    OpenCv.load();
    org.opencv.core.Mat src = new org.opencv.core.Mat(h, w, org.opencv.core.CvType.CV_8UC(c));
    org.opencv.core.Mat dst = new org.opencv.core.Mat();
    org.opencv.core.Mat k = kernelMat(sigma, truncate);
    try {
      src.put(0, 0, px);
      org.opencv.imgproc.Imgproc.sepFilter2D(
          src, dst, org.opencv.core.CvType.CV_32F, k, k, new org.opencv.core.Point(-1, -1), 0,
          org.opencv.core.Core.BORDER_REPLICATE);
      float[] out = new float[px.length];
      dst.get(0, 0, out);
      return out;
    } finally {
      src.release();
      dst.release();
      k.release();
    }
  }

  private static org.opencv.core.Mat kernelMat(double sigma, double truncate) {
    double[] k = sigma > 1e-15 ? gaussianKernel(sigma, truncate) : new double[] {1.0};
    float[] f = new float[k.length];
    for (int i = 0; i < k.length; i++) {
      f[i] = (float) k[i];
    }
    org.opencv.core.Mat m = new org.opencv.core.Mat(k.length, 1, org.opencv.core.CvType.CV_32F);
    m.put(0, 0, f);
    return m;
  }

  /** Index of sample {@code i} of a line of length {@code len} extended with {@code mode}. */
  static int extend(int i, int len, Mode mode) {
    if (i >= 0 && i < len) {
      return i;
    }
    if (mode == Mode.NEAREST) {
      return i < 0 ? 0 : len - 1;
    }
    if (len == 1) {
      return 0;
    }
    int period = 2 * len;
    int m = Math.floorMod(i, period);
    return m < len ? m : period - 1 - m;
  }

  /**
   * Symmetric correlate1d along axis 0: out = in·k[r], then for j = r … 1 out += (in[y−j] +
   * in[y+j])·k[r−j] (scipy's order, outermost taps first).
   */
  static void correlateAxis0(double[] in, double[] out, int h, int rowLen, double[] k, Mode mode) {
    int r = k.length / 2;
    double w0 = k[r];
    for (int y = 0; y < h; y++) {
      int base = y * rowLen;
      for (int i = 0; i < rowLen; i++) {
        out[base + i] = in[base + i] * w0;
      }
      for (int j = r; j >= 1; j--) {
        int a = extend(y - j, h, mode) * rowLen;
        int b = extend(y + j, h, mode) * rowLen;
        double wj = k[r - j];
        for (int i = 0; i < rowLen; i++) {
          out[base + i] += (in[a + i] + in[b + i]) * wj;
        }
      }
    }
  }

  /** Symmetric correlate1d along axis 1 of an {@code h × w × c} array (see {@link #correlateAxis0}). */
  static void correlateAxis1(double[] in, double[] out, int h, int w, int c, double[] k, Mode mode) {
    int r = k.length / 2;
    double w0 = k[r];
    int rowLen = w * c;
    double[] buf = new double[(w + 2 * r) * c];
    int[] src = new int[w + 2 * r];
    for (int x = -r; x < w + r; x++) {
      src[x + r] = extend(x, w, mode) * c;
    }
    for (int y = 0; y < h; y++) {
      int base = y * rowLen;
      for (int p = 0; p < src.length; p++) {
        int s = base + src[p];
        int d = p * c;
        for (int ch = 0; ch < c; ch++) {
          buf[d + ch] = in[s + ch];
        }
      }
      int centre = r * c;
      for (int i = 0; i < rowLen; i++) {
        out[base + i] = buf[centre + i] * w0;
      }
      for (int j = r; j >= 1; j--) {
        int lo = (r - j) * c;
        int hi = (r + j) * c;
        double wj = k[r - j];
        for (int i = 0; i < rowLen; i++) {
          out[base + i] += (buf[lo + i] + buf[hi + i]) * wj;
        }
      }
    }
  }

  /**
   * The per-axis tables of {@code zoom(order=1, mode='constant', grid_mode=False)} for an input
   * axis of length {@code in} zoomed to {@code out} samples, for output indices 0 … keep−1.
   */
  static final class AxisMap {
    final int[] i0;
    final int[] i1;
    final double[] w0;
    final double[] w1;
    final boolean[] zero;

    AxisMap(int in, int out, int keep) {
      i0 = new int[keep];
      i1 = new int[keep];
      w0 = new double[keep];
      w1 = new double[keep];
      zero = new boolean[keep];
      double zoom = out - 1 != 0 ? (double) (in - 1) / (double) (out - 1) : 1.0;
      for (int k = 0; k < keep; k++) {
        double cc = (double) k;
        cc *= zoom;
        if (cc < 0 || cc > in - 1) {
          zero[k] = true;
          continue;
        }
        int start = (int) Math.floor(cc);
        double f = cc - Math.floor(cc);
        w0[k] = 1.0 - f;
        w1[k] = 1.0 - w0[k];
        i0[k] = start;
        i1[k] = mirror(start + 1, in);
      }
    }

    private static int mirror(int idx, int len) {
      if (len <= 1) {
        return 0;
      }
      int s2 = 2 * len - 2;
      if (idx >= len) {
        idx -= s2 * (idx / s2);
        if (idx >= len) {
          idx = s2 - idx;
        }
      }
      return idx;
    }
  }

  /** Output size of {@code zoom}: {@code int(round(n * z))} (numpy rounds half to even). */
  static int zoomedSize(int n, double z) {
    return (int) Math.rint(n * z);
  }

  /** {@code int(np.ceil(n / float(z)))}: the side of imagecorruptions' centre crop. */
  static int cropSize(int n, double z) {
    return (int) Math.ceil(n / z);
  }
}
