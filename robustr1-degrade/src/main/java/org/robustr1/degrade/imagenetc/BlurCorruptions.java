package org.robustr1.degrade.imagenetc;

import java.util.random.RandomGenerator;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** defocus_blur, glass_blur, motion_blur, zoom_blur and gaussian_blur. */
final class BlurCorruptions {

  /** (disk radius, antialias σ). */
  static final double[][] DEFOCUS = {{3, 0.1}, {4, 0.5}, {6, 0.5}, {8, 0.5}, {10, 0.5}};
  /** (σ, max shift δ, iterations). */
  static final double[][] GLASS = {{0.7, 1, 2}, {0.9, 2, 1}, {1, 2, 3}, {1.1, 3, 2}, {1.5, 4, 2}};
  /** (radius, σ). */
  static final int[][] MOTION = {{10, 3}, {15, 5}, {15, 8}, {15, 12}, {20, 15}};
  /** zoom_blur factor lists, from float {@code np.arange}. */
  static final double[][] ZOOM = {
    NumpyOps.arange(1, 1.11, 0.01),
    NumpyOps.arange(1, 1.16, 0.01),
    NumpyOps.arange(1, 1.21, 0.02),
    NumpyOps.arange(1, 1.26, 0.02),
    NumpyOps.arange(1, 1.31, 0.03)
  };
  static final double[] GAUSSIAN_SIGMA = {1, 2, 3, 4, 6};

  private BlurCorruptions() {}

  /**
   * imagecorruptions' {@code disk(radius, alias_blur)}: a normalised float32 disk on a 17×17 grid
   * (radius ≤ 8) or (2r+1)² grid, smoothed by {@code cv2.GaussianBlur} (3×3 or 5×5).
   */
  static float[][] diskKernel(int radius, double aliasBlur) {
    OpenCvLoader.load();
    int half = radius <= 8 ? 8 : radius;
    int ksize = radius <= 8 ? 3 : 5;
    int n = 2 * half + 1;
    float[] disk = new float[n * n];
    int count = 0;
    for (int y = -half; y <= half; y++) {
      for (int x = -half; x <= half; x++) {
        if (x * x + y * y <= radius * radius) {
          disk[(y + half) * n + (x + half)] = 1f;
          count++;
        }
      }
    }
    float total = count;
    for (int i = 0; i < disk.length; i++) {
      disk[i] = disk[i] / total;
    }
    Mat src = new Mat(n, n, CvType.CV_32F);
    Mat dst = new Mat();
    try {
      src.put(0, 0, disk);
      Imgproc.GaussianBlur(src, dst, new Size(ksize, ksize), aliasBlur);
      float[] flat = new float[n * n];
      dst.get(0, 0, flat);
      float[][] k = new float[n][n];
      for (int y = 0; y < n; y++) {
        System.arraycopy(flat, y * n, k[y], 0, n);
      }
      return k;
    } finally {
      src.release();
      dst.release();
    }
  }

  /** Disk blur: float64 {@code cv2.filter2D} (REFLECT_101) of x/255 with the disk kernel. */
  static byte[] defocusBlur(byte[] px, int w, int h, int severity) {
    double[] c = DEFOCUS[severity - 1];
    float[][] k = diskKernel((int) c[0], c[1]);
    int n = k.length;
    Mat kernel = new Mat(n, n, CvType.CV_32F);
    Mat x = new Mat(h, w, CvType.CV_64FC3);
    Mat y = new Mat();
    try {
      for (int r = 0; r < n; r++) {
        kernel.put(r, 0, k[r]);
      }
      x.put(0, 0, NumpyOps.toUnit(px));
      Imgproc.filter2D(x, y, -1, kernel);
      double[] out = new double[px.length];
      y.get(0, 0, out);
      return NumpyOps.fromUnit(out);
    } finally {
      kernel.release();
      x.release();
      y.release();
    }
  }

  /**
   * Gaussian blur, local pixel shuffling, Gaussian blur. The reference's tuple "swap" {@code x[h,
   * w], x[h', w'] = x[h', w'], x[h, w]} acts on numpy views, so it copies pixel (h', w') onto (h,
   * w) and leaves (h', w') unchanged; that is what is reproduced here.
   */
  static byte[] glassBlur(byte[] px, int w, int h, int severity, RandomGenerator rng) {
    double[] c = GLASS[severity - 1];
    double sigma = c[0];
    int delta = (int) c[1];
    int iterations = (int) c[2];
    float[] g =
        ScipyNdimage.gaussianFilterFast(
            unitFloats(px), h, w, 3, sigma, sigma, 4.0, ScipyNdimage.Mode.NEAREST);
    byte[] x = new byte[px.length];
    for (int i = 0; i < g.length; i++) {
      float v = g[i] * 255f;
      x[i] = (byte) (v <= 0 ? 0 : (v >= 255 ? 255 : (int) v));
    }
    int range = 2 * delta;
    boolean pow2 = Integer.bitCount(range) == 1;
    int bits = Integer.numberOfTrailingZeros(range);
    long mask = range - 1L;
    long buf = 0;
    int avail = 0;
    for (int it = 0; it < iterations; it++) {
      for (int hh = h - delta; hh > delta; hh--) {
        for (int ww = w - delta; ww > delta; ww--) {
          int dx;
          int dy;
          if (pow2) {
            if (avail < 2 * bits) {
              buf = rng.nextLong();
              avail = 64;
            }
            dx = (int) (buf & mask) - delta;
            buf >>>= bits;
            dy = (int) (buf & mask) - delta;
            buf >>>= bits;
            avail -= 2 * bits;
          } else {
            dx = rng.nextInt(range) - delta;
            dy = rng.nextInt(range) - delta;
          }
          int d = (hh * w + ww) * 3;
          int s = ((hh + dy) * w + ww + dx) * 3;
          x[d] = x[s];
          x[d + 1] = x[s + 1];
          x[d + 2] = x[s + 2];
        }
      }
    }
    float[] g2 =
        ScipyNdimage.gaussianFilterFast(
            unitFloats(x), h, w, 3, sigma, sigma, 4.0, ScipyNdimage.Mode.NEAREST);
    byte[] out = new byte[g2.length];
    for (int i = 0; i < g2.length; i++) {
      out[i] = NumpyOps.unitToByte(g2[i]);
    }
    return out;
  }

  /** {@code x / 255} as float32. */
  static float[] unitFloats(byte[] px) {
    float[] out = new float[px.length];
    for (int i = 0; i < px.length; i++) {
      out[i] = UNIT_F[px[i] & 0xFF];
    }
    return out;
  }

  private static final float[] UNIT_F = new float[256];

  static {
    for (int v = 0; v < 256; v++) {
      UNIT_F[v] = (float) (v / 255.0);
    }
  }

  /** Motion blur along an angle drawn from U(−45°, 45°), on the 0..255 values. */
  static byte[] motionBlur(byte[] px, int w, int h, int severity, RandomGenerator rng) {
    double angle = -45 + 90 * rng.nextDouble();
    return motionBlur(px, w, h, severity, angle);
  }

  /** Motion blur at a given angle (degrees); exposed for tests. */
  static byte[] motionBlur(byte[] px, int w, int h, int severity, double angleDeg) {
    int[] c = MOTION[severity - 1];
    double[] x = new double[px.length];
    for (int i = 0; i < px.length; i++) {
      x[i] = px[i] & 0xFF;
    }
    double[] b = MotionBlur.apply(x, h, w, 3, c[0], c[1], angleDeg);
    byte[] out = new byte[px.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = NumpyOps.clip255(b[i]);
    }
    return out;
  }

  /** Mean of centre zooms (float32, scipy {@code zoom(order=1)}) and the image itself. */
  static byte[] zoomBlur(byte[] px, int w, int h, int severity) {
    double[] zooms = ZOOM[severity - 1];
    float[] x = new float[px.length];
    for (int i = 0; i < px.length; i++) {
      x[i] = (float) NoiseCorruptions.UNIT[px[i] & 0xFF];
    }
    float[] out = new float[px.length];
    for (double z : zooms) {
      addClippedZoom(x, h, w, 3, z, out);
    }
    float n = zooms.length + 1;
    byte[] res = new byte[px.length];
    for (int i = 0; i < res.length; i++) {
      res[i] = NumpyOps.unitToByte((x[i] + out[i]) / n);
    }
    return res;
  }

  /**
   * Adds {@code clipped_zoom(x, z)[:h, :w]} to {@code acc} (float32 accumulation, each zoomed value
   * rounded to float32 as scipy writes a float32 output).
   */
  static void addClippedZoom(float[] x, int h, int w, int c, double z, float[] acc) {
    int ch0 = ScipyNdimage.cropSize(h, z);
    int top0 = (h - ch0) / 2;
    int ch1 = ScipyNdimage.cropSize(w, z);
    int top1 = (w - ch1) / 2;
    int outH = ScipyNdimage.zoomedSize(ch0, z);
    int outW = ScipyNdimage.zoomedSize(ch1, z);
    int keepH = Math.min(h, outH);
    int keepW = Math.min(w, outW);
    if (ch0 == h && ch1 == w && outH == h && outW == w) {
      for (int i = 0; i < acc.length; i++) {
        acc[i] += x[i];
      }
      return;
    }
    ScipyNdimage.AxisMap ay = new ScipyNdimage.AxisMap(ch0, outH, keepH);
    ScipyNdimage.AxisMap ax = new ScipyNdimage.AxisMap(ch1, outW, keepW);
    int rowLen = ch1 * c;
    double[] ra = new double[rowLen];
    double[] rb = new double[rowLen];
    int[] j0 = new int[keepW];
    int[] j1 = new int[keepW];
    for (int xx = 0; xx < keepW; xx++) {
      j0[xx] = ax.i0[xx] * c;
      j1[xx] = ax.i1[xx] * c;
    }
    for (int y = 0; y < keepH; y++) {
      if (ay.zero[y]) {
        continue;
      }
      int srcA = ((top0 + ay.i0[y]) * w + top1) * c;
      int srcB = ((top0 + ay.i1[y]) * w + top1) * c;
      double wy0 = ay.w0[y];
      double wy1 = ay.w1[y];
      for (int i = 0; i < rowLen; i++) {
        ra[i] = x[srcA + i] * wy0;
        rb[i] = x[srcB + i] * wy1;
      }
      int drow = y * w * c;
      if (c == 3) {
        for (int xx = 0; xx < keepW; xx++) {
          if (ax.zero[xx]) {
            continue;
          }
          double wx0 = ax.w0[xx];
          double wx1 = ax.w1[xx];
          int a = j0[xx];
          int b = j1[xx];
          int d = drow + xx * 3;
          acc[d] += (float) (((ra[a] * wx0 + ra[b] * wx1) + rb[a] * wx0) + rb[b] * wx1);
          acc[d + 1] +=
              (float) (((ra[a + 1] * wx0 + ra[b + 1] * wx1) + rb[a + 1] * wx0) + rb[b + 1] * wx1);
          acc[d + 2] +=
              (float) (((ra[a + 2] * wx0 + ra[b + 2] * wx1) + rb[a + 2] * wx0) + rb[b + 2] * wx1);
        }
        continue;
      }
      for (int xx = 0; xx < keepW; xx++) {
        if (ax.zero[xx]) {
          continue;
        }
        double wx0 = ax.w0[xx];
        double wx1 = ax.w1[xx];
        int a = j0[xx];
        int b = j1[xx];
        int d = drow + xx * c;
        for (int ch = 0; ch < c; ch++) {
          double t = ra[a + ch] * wx0;
          t += ra[b + ch] * wx1;
          t += rb[a + ch] * wx0;
          t += rb[b + ch] * wx1;
          acc[d + ch] += (float) t;
        }
      }
    }
  }

  /**
   * {@code clipped_zoom} of a one-channel float64 layer without the final crop (snow): returns the
   * full {@code round(ch·z)} square-ish layer and its size in {@code dims[0..1]}.
   */
  static double[] clippedZoomFull(double[] x, int h, int w, double z, int[] dims) {
    int ch0 = ScipyNdimage.cropSize(h, z);
    int top0 = (h - ch0) / 2;
    int ch1 = ScipyNdimage.cropSize(w, z);
    int top1 = (w - ch1) / 2;
    int outH = ScipyNdimage.zoomedSize(ch0, z);
    int outW = ScipyNdimage.zoomedSize(ch1, z);
    ScipyNdimage.AxisMap ay = new ScipyNdimage.AxisMap(ch0, outH, outH);
    ScipyNdimage.AxisMap ax = new ScipyNdimage.AxisMap(ch1, outW, outW);
    double[] out = new double[outH * outW];
    for (int y = 0; y < outH; y++) {
      if (ay.zero[y]) {
        continue;
      }
      int srcA = (top0 + ay.i0[y]) * w + top1;
      int srcB = (top0 + ay.i1[y]) * w + top1;
      double wy0 = ay.w0[y];
      double wy1 = ay.w1[y];
      for (int xx = 0; xx < outW; xx++) {
        if (ax.zero[xx]) {
          continue;
        }
        double wx0 = ax.w0[xx];
        double wx1 = ax.w1[xx];
        int a = ax.i0[xx];
        int b = ax.i1[xx];
        double t = (x[srcA + a] * wy0) * wx0;
        t += (x[srcA + b] * wy0) * wx1;
        t += (x[srcB + a] * wy1) * wx0;
        t += (x[srcB + b] * wy1) * wx1;
        out[y * outW + xx] = t;
      }
    }
    dims[0] = outH;
    dims[1] = outW;
    return out;
  }

  /** skimage {@code gaussian(x, σ, channel_axis=-1)}: scipy, mode 'nearest', truncate 4. */
  static byte[] gaussianBlur(byte[] px, int w, int h, int severity) {
    double sigma = GAUSSIAN_SIGMA[severity - 1];
    double[] g =
        ScipyNdimage.gaussianFilter(
            NumpyOps.toUnit(px), h, w, 3, sigma, sigma, 4.0, ScipyNdimage.Mode.NEAREST);
    return NumpyOps.fromUnit(g);
  }
}
