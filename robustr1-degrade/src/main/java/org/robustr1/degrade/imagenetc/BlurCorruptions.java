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

  /**
   * Disk blur: {@code cv2.filter2D} (correlation, REFLECT_101) with the float32 disk kernel, here
   * run on the 8-bit pixels straight into float32 levels (OpenCV's DFT path), then clipped and
   * truncated. The reference filters x/255 in float64; the two agree within one grey level (values
   * that sit within float32 rounding of an integer may truncate the other way).
   */
  static byte[] defocusBlur(byte[] px, int w, int h, int severity) {
    double[] c = DEFOCUS[severity - 1];
    float[][] k = diskKernel((int) c[0], c[1]);
    int n = k.length;
    Mat kernel = new Mat(n, n, CvType.CV_32F);
    Mat x = new Mat(h, w, CvType.CV_8UC3);
    Mat y = new Mat();
    try {
      float[] flat = new float[n * n];
      for (int r = 0; r < n; r++) {
        System.arraycopy(k[r], 0, flat, r * n, n);
      }
      kernel.put(0, 0, flat);
      x.put(0, 0, px);
      Imgproc.filter2D(x, y, CvType.CV_32F, kernel);
      float[] out = new float[px.length];
      y.get(0, 0, out);
      byte[] res = new byte[px.length];
      for (int i = 0; i < out.length; i++) {
        float v = out[i];
        res[i] = (byte) (v <= 0f ? 0 : (v >= 255f ? 255 : (int) v));
      }
      return res;
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

  /** {@code (float) (v / 255.)} for every byte value. */
  static final float[] UNIT_F = new float[256];

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

  /** Motion blur at a given angle (degrees), in float32 on the 0..255 values; exposed for tests. */
  static byte[] motionBlur(byte[] px, int w, int h, int severity, double angleDeg) {
    int[] c = MOTION[severity - 1];
    float[] x = new float[px.length];
    for (int i = 0; i < px.length; i++) {
      x[i] = px[i] & 0xFF;
    }
    float[] b = MotionBlur.apply(x, h, w, 3, c[0], c[1], angleDeg);
    byte[] out = new byte[px.length];
    for (int i = 0; i < b.length; i++) {
      float v = b[i];
      out[i] = (byte) (v <= 0f ? 0 : (v >= 255f ? 255 : (int) v));
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
   * Adds {@code clipped_zoom(x, z)[:h, :w]} to {@code acc}: scipy's {@code zoom(order=1)} of the
   * centre crop, run separably in float32 (columns of every crop row first, then the two rows of
   * each output row). scipy interpolates the four taps in float64 and rounds to float32; the
   * separable float32 form differs by float32 rounding only.
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
    int len = keepW * c;
    int[] ia = new int[keepW];
    int[] ib = new int[keepW];
    float[] wa = new float[keepW];
    float[] wb = new float[keepW];
    for (int xx = 0; xx < keepW; xx++) {
      ia[xx] = ax.i0[xx] * c;
      ib[xx] = ax.i1[xx] * c;
      if (!ax.zero[xx]) {
        wa[xx] = (float) ax.w0[xx];
        wb[xx] = (float) ax.w1[xx];
      }
    }
    // the crop rows that some kept output row reads
    int rowLo = Integer.MAX_VALUE;
    int rowHi = -1;
    for (int y = 0; y < keepH; y++) {
      if (!ay.zero[y]) {
        rowLo = Math.min(rowLo, Math.min(ay.i0[y], ay.i1[y]));
        rowHi = Math.max(rowHi, Math.max(ay.i0[y], ay.i1[y]));
      }
    }
    if (rowHi < 0) {
      return;
    }
    float[][] rows = new float[rowHi - rowLo + 1][len];
    for (int r = rowLo; r <= rowHi; r++) {
      int src = ((top0 + r) * w + top1) * c;
      float[] row = rows[r - rowLo];
      if (c == 3) {
        for (int xx = 0, d = 0; xx < keepW; xx++, d += 3) {
          int a = src + ia[xx];
          int b = src + ib[xx];
          float fa = wa[xx];
          float fb = wb[xx];
          row[d] = x[a] * fa + x[b] * fb;
          row[d + 1] = x[a + 1] * fa + x[b + 1] * fb;
          row[d + 2] = x[a + 2] * fa + x[b + 2] * fb;
        }
      } else {
        for (int xx = 0; xx < keepW; xx++) {
          for (int ch = 0; ch < c; ch++) {
            row[xx * c + ch] = x[src + ia[xx] + ch] * wa[xx] + x[src + ib[xx] + ch] * wb[xx];
          }
        }
      }
    }
    int rowLen = w * c;
    float[] line = new float[len];
    for (int y = 0; y < keepH; y++) {
      if (ay.zero[y]) {
        continue;
      }
      float wy0 = (float) ay.w0[y];
      float wy1 = (float) ay.w1[y];
      float[] ra = rows[ay.i0[y] - rowLo];
      float[] rb = rows[ay.i1[y] - rowLo];
      int d = y * rowLen;
      // same-index form (a row copy in and out) so that C2 vectorises it
      System.arraycopy(acc, d, line, 0, len);
      for (int i = 0; i < len; i++) {
        line[i] += ra[i] * wy0 + rb[i] * wy1;
      }
      System.arraycopy(line, 0, acc, d, len);
    }
  }

  /**
   * scipy's {@code zoom(order=1)} of a one-channel {@code ch0 × ch1} float32 crop by {@code z},
   * evaluated only on the top-left {@code rows × cols} corner of the {@code round(ch0·z) ×
   * round(ch1·z)} result (separable, float32).
   */
  static float[] zoomCorner(float[] crop, int ch0, int ch1, double z, int rows, int cols) {
    int outH = ScipyNdimage.zoomedSize(ch0, z);
    int outW = ScipyNdimage.zoomedSize(ch1, z);
    ScipyNdimage.AxisMap ay = new ScipyNdimage.AxisMap(ch0, outH, rows);
    ScipyNdimage.AxisMap ax = new ScipyNdimage.AxisMap(ch1, outW, cols);
    int[] ia = new int[cols];
    int[] ib = new int[cols];
    float[] wa = new float[cols];
    float[] wb = new float[cols];
    for (int xx = 0; xx < cols; xx++) {
      ia[xx] = ax.i0[xx];
      ib[xx] = ax.i1[xx];
      if (!ax.zero[xx]) {
        wa[xx] = (float) ax.w0[xx];
        wb[xx] = (float) ax.w1[xx];
      }
    }
    int rowHi = -1;
    for (int y = 0; y < rows; y++) {
      if (!ay.zero[y]) {
        rowHi = Math.max(rowHi, Math.max(ay.i0[y], ay.i1[y]));
      }
    }
    float[] out = new float[rows * cols];
    float[] hz = new float[(rowHi + 1) * cols];
    for (int r = 0; r <= rowHi; r++) {
      int src = r * ch1;
      int dst = r * cols;
      for (int i = 0; i < cols; i++) {
        hz[dst + i] = crop[src + ia[i]] * wa[i] + crop[src + ib[i]] * wb[i];
      }
    }
    for (int y = 0; y < rows; y++) {
      if (ay.zero[y]) {
        continue;
      }
      float wy0 = (float) ay.w0[y];
      float wy1 = (float) ay.w1[y];
      int ra = ay.i0[y] * cols;
      int rb = ay.i1[y] * cols;
      int d = y * cols;
      for (int i = 0; i < cols; i++) {
        out[d + i] = hz[ra + i] * wy0 + hz[rb + i] * wy1;
      }
    }
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
