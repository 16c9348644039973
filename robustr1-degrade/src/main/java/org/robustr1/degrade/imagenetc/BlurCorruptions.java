package org.robustr1.degrade.imagenetc;

import java.util.random.RandomGenerator;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.robustr1.degrade.io.OpenCv;

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
    OpenCv.load();
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
   * a direct float32 correlation of the 8-bit levels ({@link SymmetricFilter}; OpenCV's DFT path
   * for a kernel that is not symmetric), then clipped and truncated. The reference filters x/255
   * in float64; the two agree within one grey level (values that sit within float32 rounding of an
   * integer may truncate the other way).
   */
  static byte[] defocusBlur(byte[] px, int w, int h, int severity) {
    double[] c = DEFOCUS[severity - 1];
    float[][] k = diskKernel((int) c[0], c[1]);
    int n = k.length;
    if (SymmetricFilter.isSymmetric(k) && n / 2 < Math.min(w, h)) {
      return SymmetricFilter.correlateTruncate(px, w, h, k);
    }
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
        res[i] = NumpyOps.truncByte(out[i]);
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
    // the Gaussian of x/255, times 255, is the Gaussian of the 8-bit levels
    byte[] x = truncate(ScipyNdimage.gaussianFilterBytes(px, h, w, 3, sigma, 4.0));
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
    return truncate(ScipyNdimage.gaussianFilterBytes(x, h, w, 3, sigma, 4.0));
  }

  /** {@code np.uint8(np.clip(v, 0, 255))} of 0..255 float levels. */
  static byte[] truncate(float[] levels) {
    byte[] out = new byte[levels.length];
    for (int i = 0; i < levels.length; i++) {
      out[i] = NumpyOps.truncByte(levels[i]);
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
      out[i] = NumpyOps.truncByte(b[i]);
    }
    return out;
  }

  /**
   * Mean of centre zooms and the image itself: {@code (x + Σ_z clipped_zoom(x, z)[:h, :w]) / (n +
   * 1)} with scipy's {@code zoom(order=1)} of the centre crop. Computed separably in float32 and
   * streamed by output row: each zoom keeps its last two column-interpolated crop rows, so all
   * factors are summed into one cache-resident row (in the reference's factor order). scipy
   * interpolates the four taps in float64 and rounds each layer to float32; this differs from it
   * by float32 rounding only.
   */
  static byte[] zoomBlur(byte[] px, int w, int h, int severity) {
    double[] zooms = ZOOM[severity - 1];
    int c = 3;
    int len = w * c;
    float[] x = unitFloats(px);
    ZoomRows[] plans = new ZoomRows[zooms.length];
    for (int i = 0; i < zooms.length; i++) {
      plans[i] = new ZoomRows(h, w, c, zooms[i]);
    }
    float n = zooms.length + 1;
    float[] line = new float[len];
    float[] self = new float[len];
    byte[] res = new byte[px.length];
    for (int y = 0; y < h; y++) {
      java.util.Arrays.fill(line, 0f);
      int d = y * len;
      // row y of x at index 0: loops then read and write the same index (C2 vectorises them)
      System.arraycopy(x, d, self, 0, len);
      for (ZoomRows zr : plans) {
        zr.addRow(x, y, line, self);
      }
      for (int i = 0; i < len; i++) {
        line[i] = (self[i] + line[i]) / n;
      }
      for (int i = 0; i < len; i++) {
        res[d + i] = NumpyOps.unitToByte(line[i]);
      }
    }
    return res;
  }

  /**
   * One factor of zoom_blur, row by row: {@code clipped_zoom(x, z)[:h, :w]} interpolated first
   * along columns of the crop rows it needs (cached two at a time), then between two such rows.
   */
  static final class ZoomRows {
    private final int w;
    private final int c;
    private final int top0;
    private final int top1;
    private final int keepH;
    private final int keepLen;
    private final boolean identity;
    private final ScipyNdimage.AxisMap ay;
    private final int[] ia;
    private final int[] ib;
    private final float[] wa;
    private final float[] wb;
    private final float[][] cache = new float[2][];
    private final int[] cached = {-1, -1};

    ZoomRows(int h, int w, int c, double z) {
      this.w = w;
      this.c = c;
      int ch0 = ScipyNdimage.cropSize(h, z);
      int ch1 = ScipyNdimage.cropSize(w, z);
      this.top0 = (h - ch0) / 2;
      this.top1 = (w - ch1) / 2;
      int outH = ScipyNdimage.zoomedSize(ch0, z);
      int outW = ScipyNdimage.zoomedSize(ch1, z);
      this.keepH = Math.min(h, outH);
      int keepW = Math.min(w, outW);
      this.keepLen = keepW * c;
      this.identity = ch0 == h && ch1 == w && outH == h && outW == w;
      this.ay = new ScipyNdimage.AxisMap(ch0, outH, keepH);
      ScipyNdimage.AxisMap ax = new ScipyNdimage.AxisMap(ch1, outW, keepW);
      ia = new int[keepW];
      ib = new int[keepW];
      wa = new float[keepW];
      wb = new float[keepW];
      for (int xx = 0; xx < keepW; xx++) {
        ia[xx] = ax.i0[xx] * c;
        ib[xx] = ax.i1[xx] * c;
        if (!ax.zero[xx]) {
          wa[xx] = (float) ax.w0[xx];
          wb[xx] = (float) ax.w1[xx];
        }
      }
      cache[0] = new float[keepLen];
      cache[1] = new float[keepLen];
    }

    /** Adds output row {@code y} of this zoom to {@code line} ({@code self}: row y of x). */
    void addRow(float[] x, int y, float[] line, float[] self) {
      if (identity) {
        for (int i = 0; i < line.length; i++) {
          line[i] += self[i];
        }
        return;
      }
      if (y >= keepH || ay.zero[y]) {
        return;
      }
      float[] ra = row(x, ay.i0[y], null);
      float[] rb = row(x, ay.i1[y], ra);
      float wy0 = (float) ay.w0[y];
      float wy1 = (float) ay.w1[y];
      for (int i = 0; i < keepLen; i++) {
        line[i] += ra[i] * wy0 + rb[i] * wy1;
      }
    }

    /** Crop row {@code r} interpolated along columns, from the two-row cache; keeps {@code keep}. */
    private float[] row(float[] x, int r, float[] keep) {
      if (cached[0] == r) {
        return cache[0];
      }
      if (cached[1] == r) {
        return cache[1];
      }
      // rows are requested in non-decreasing order: replace the older (smaller) one
      int slot = cached[0] < cached[1] ? 0 : 1;
      if (cache[slot] == keep) {
        slot ^= 1;
      }
      float[] out = cache[slot];
      cached[slot] = r;
      int src = ((top0 + r) * w + top1) * c;
      if (c == 3) {
        for (int xx = 0, d = 0; d < keepLen; xx++, d += 3) {
          int a = src + ia[xx];
          int b = src + ib[xx];
          float fa = wa[xx];
          float fb = wb[xx];
          out[d] = x[a] * fa + x[b] * fb;
          out[d + 1] = x[a + 1] * fa + x[b + 1] * fb;
          out[d + 2] = x[a + 2] * fa + x[b + 2] * fb;
        }
      } else {
        for (int xx = 0; xx < ia.length; xx++) {
          for (int ch = 0; ch < c; ch++) {
            out[xx * c + ch] = x[src + ia[xx] + ch] * wa[xx] + x[src + ib[xx] + ch] * wb[xx];
          }
        }
      }
      return out;
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
