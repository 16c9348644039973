package org.robustr1.degrade.imagenetc;

import java.util.random.RandomGenerator;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.robustr1.core.image.PilResample;
import org.robustr1.degrade.io.OpenCv;
import org.robustr1.degrade.jpeg.JpegCodecs;
import org.robustr1.degrade.jpeg.PixelOrder;

/** contrast, elastic_transform, pixelate, jpeg_compression and spatter. */
final class DigitalCorruptions {

  static final double[] CONTRAST = {0.4, .3, .2, .1, .05};
  static final double[] ELASTIC_K = {0.05, 0.065, 0.085, 0.1, 0.12};
  static final double[] PIXELATE = {0.6, 0.5, 0.4, 0.3, 0.25};
  static final int[] JPEG_QUALITY = {25, 18, 15, 10, 7};
  /** (μ, σ, blur σ, threshold, strength, mode 0 = water / 1 = mud). */
  static final double[][] SPATTER = {
    {0.65, 0.3, 4, 0.69, 0.6, 0},
    {0.65, 0.3, 3, 0.68, 0.6, 0},
    {0.65, 0.3, 2, 0.68, 0.5, 0},
    {0.65, 0.3, 1, 0.65, 1.5, 1},
    {0.67, 0.4, 1, 0.65, 1.5, 1}
  };

  private DigitalCorruptions() {}

  /** (x − mean_c)·c + mean_c with numpy's sequential per-channel mean. */
  static byte[] contrast(byte[] px, int severity) {
    double c = CONTRAST[severity - 1];
    double[] unit = NoiseCorruptions.UNIT;
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    for (int i = 0; i < px.length; i += 3) {
      s0 += unit[px[i] & 0xFF];
      s1 += unit[px[i + 1] & 0xFF];
      s2 += unit[px[i + 2] & 0xFF];
    }
    double n = px.length / 3;
    double m0 = s0 / n;
    double m1 = s1 / n;
    double m2 = s2 / n;
    byte[] out = new byte[px.length];
    for (int i = 0; i < px.length; i += 3) {
      out[i] = NumpyOps.unitToByte((unit[px[i] & 0xFF] - m0) * c + m0);
      out[i + 1] = NumpyOps.unitToByte((unit[px[i + 1] & 0xFF] - m1) * c + m1);
      out[i + 2] = NumpyOps.unitToByte((unit[px[i + 2] & 0xFF] - m2) * c + m2);
    }
    return out;
  }

  /**
   * imagecorruptions' elastic transform: two U(−0.005h, 0.005h) fields smoothed by a Gaussian (σ =
   * 0.01·(h, w), mode reflect, truncate 3), scaled by α = 250·k, then bilinear {@code
   * map_coordinates(mode='reflect')} of the float32 image.
   */
  static byte[] elastic(byte[] px, int w, int h, int severity, RandomGenerator rng) {
    double alpha = 250 * ELASTIC_K[severity - 1];
    double maxD = h * 0.005;
    float[] dx = displacement(h, w, maxD, alpha, rng);
    float[] dy = displacement(h, w, maxD, alpha, rng);
    float[] x = BlurCorruptions.unitFloats(px);
    byte[] out = new byte[px.length];
    float[] cy = new float[w];
    float[] cx = new float[w];
    float[] xs = new float[w];
    for (int i = 0; i < w; i++) {
      xs[i] = i;
    }
    for (int y = 0; y < h; y++) {
      // sample coordinates of the row in same-index (vectorised) loops, then the bilinear reads
      System.arraycopy(dy, y * w, cy, 0, w);
      System.arraycopy(dx, y * w, cx, 0, w);
      float yf = y;
      for (int i = 0; i < w; i++) {
        cy[i] = yf + cy[i];
        cx[i] = xs[i] + cx[i];
      }
      remapRow(x, cy, cx, w, h, y, out);
    }
    return out;
  }

  /**
   * Bilinear {@code map_coordinates(order=1, mode='reflect')} of one output row of x/255 at the
   * row's sample coordinates {@code cy}, {@code cx} (float32 coordinates and arithmetic).
   */
  private static void remapRow(float[] u, float[] cys, float[] cxs, int w, int h, int y, byte[] out) {
    float hm1 = h - 1;
    float wm1 = w - 1;
    int row = y * w;
    for (int x = 0; x < w; x++) {
      float cy = cys[x];
      if (cy < 0f || cy > hm1) {
        cy = (float) reflect(cy, h);
      }
      float cx = cxs[x];
      if (cx < 0f || cx > wm1) {
        cx = (float) reflect(cx, w);
      }
      int y0 = (int) cy;
      int x0 = (int) cx;
      float fy = cy - y0;
      float fx = cx - x0;
      int y1 = y0 + 1 < h ? y0 + 1 : (h <= 1 ? 0 : 2 * h - 2 - (y0 + 1));
      int x1 = x0 + 1 < w ? x0 + 1 : (w <= 1 ? 0 : 2 * w - 2 - (x0 + 1));
      int a = (y0 * w + x0) * 3;
      int b = (y0 * w + x1) * 3;
      int c = (y1 * w + x0) * 3;
      int d = (y1 * w + x1) * 3;
      int o = (row + x) * 3;
      float w11 = fy * fx;
      float w10 = fy - w11;
      float w01 = fx - w11;
      float w00 = 1f - fy - w01;
      out[o] = NumpyOps.unitToByte(u[a] * w00 + u[b] * w01 + u[c] * w10 + u[d] * w11);
      out[o + 1] =
          NumpyOps.unitToByte(u[a + 1] * w00 + u[b + 1] * w01 + u[c + 1] * w10 + u[d + 1] * w11);
      out[o + 2] =
          NumpyOps.unitToByte(u[a + 2] * w00 + u[b + 2] * w01 + u[c + 2] * w10 + u[d + 2] * w11);
    }
  }

  private static float[] displacement(int h, int w, double maxD, double alpha, RandomGenerator rng) {
    float[] u = new float[h * w];
    for (int i = 0; i < u.length; i++) {
      u[i] = (float) (-maxD + (2 * maxD) * rng.nextDouble());
    }
    float[] g =
        ScipyNdimage.gaussianFilterFast(u, h, w, 1, 0.01 * h, 0.01 * w, 3.0, ScipyNdimage.Mode.REFLECT);
    float fa = (float) alpha;
    for (int i = 0; i < g.length; i++) {
      g[i] = g[i] * fa;
    }
    return g;
  }

  /** scipy's {@code map_coordinate} for mode 'reflect'. */
  private static double reflect(double in, int len) {
    if (len <= 1) {
      return 0;
    }
    int sz2 = 2 * len;
    if (in < 0) {
      if (in < -sz2) {
        in = sz2 * (long) (-in / sz2) + in;
      }
      in = in < -len ? in + sz2 : -in - 1;
    } else if (in > len - 1) {
      in -= sz2 * (long) (in / sz2);
      if (in >= len) {
        in = sz2 - in - 1;
      }
    }
    return Math.max(0, Math.min(in, len - 1));
  }

  /** Pillow BOX down to (int(w·c), int(h·c)), then Pillow NEAREST back up. */
  static byte[] pixelate(byte[] px, int w, int h, int severity) {
    double c = PIXELATE[severity - 1];
    int sw = Math.max(1, (int) (w * c));
    int sh = Math.max(1, (int) (h * c));
    byte[] small = PilResample.resize(px, w, h, sw, sh, PilResample.Filter.BOX);
    return PilResample.nearest(small, sw, sh, w, h);
  }

  /**
   * JPEG round trip at the severity's quality (4:2:0, accurate DCT, as PIL's {@code save(…,
   * 'JPEG', quality=q)} and reload) through {@link JpegCodecs#selected()}.
   */
  static byte[] jpeg(byte[] px, int w, int h, int severity) {
    return JpegCodecs.selected().roundTrip(px, w, h, PixelOrder.RGB, JPEG_QUALITY[severity - 1]);
  }

  /** Water (severities 1–3) or mud (4–5) spatter. */
  static byte[] spatter(byte[] px, int w, int h, int severity, RandomGenerator rng) {
    double[] c = SPATTER[severity - 1];
    int n = h * w;
    float[] liquid = new float[n];
    for (int i = 0; i < n; i++) {
      liquid[i] = (float) (c[0] + c[1] * rng.nextGaussian());
    }
    liquid =
        ScipyNdimage.gaussianFilterFast(liquid, h, w, 1, c[2], c[2], 4.0, ScipyNdimage.Mode.NEAREST);
    for (int i = 0; i < n; i++) {
      if (liquid[i] < c[3]) {
        liquid[i] = 0;
      }
    }
    byte[] out = new byte[px.length];
    if (c[5] == 0) {
      float[] m = waterMask(liquid, w, h);
      float max = 0;
      for (float v : m) {
        max = Math.max(max, v);
      }
      float strength = (float) c[4];
      float[] colour = {(float) (175 / 255.), (float) (238 / 255.), (float) (238 / 255.)};
      for (int i = 0; i < n; i++) {
        float mi = max > 0 ? m[i] / max * strength : 0f;
        for (int ch = 0; ch < 3; ch++) {
          float x = (px[i * 3 + ch] & 0xFF) / 255f;
          out[i * 3 + ch] = NumpyOps.unitToByte(x + mi * colour[ch]);
        }
      }
    } else {
      float[] mask = new float[n];
      for (int i = 0; i < n; i++) {
        mask[i] = liquid[i] > c[3] ? 1 : 0;
      }
      float[] m =
          ScipyNdimage.gaussianFilterFast(mask, h, w, 1, c[4], c[4], 4.0, ScipyNdimage.Mode.NEAREST);
      float[] colour = {(float) (63 / 255.), (float) (42 / 255.), (float) (20 / 255.)};
      for (int i = 0; i < n; i++) {
        float mi = m[i];
        if (mi < 0.8f) {
          mi = 0f;
        }
        for (int ch = 0; ch < 3; ch++) {
          float x = (px[i * 3 + ch] & 0xFF) / 255f;
          out[i * 3 + ch] = NumpyOps.unitToByte(x * (1 - mi) + colour[ch] * mi);
        }
      }
    }
    return out;
  }

  /** The water-spatter mask: liquid (as uint8) times the embossed, equalised edge distance. */
  private static float[] waterMask(float[] liquid, int w, int h) {
    OpenCv.load();
    int n = h * w;
    byte[] l8 = new byte[n];
    for (int i = 0; i < n; i++) {
      l8[i] = (byte) (int) (liquid[i] * 255);
    }
    Mat liq = new Mat(h, w, CvType.CV_8UC1);
    Mat edges = new Mat();
    Mat dist = new Mat();
    Mat dt = new Mat();
    Mat d8 = new Mat(h, w, CvType.CV_8UC1);
    Mat ker = new Mat(3, 3, CvType.CV_32F);
    Mat emb = new Mat();
    try {
      liq.put(0, 0, l8);
      Imgproc.Canny(liq, edges, 50, 150);
      Core.bitwise_not(edges, dist);
      Imgproc.distanceTransform(dist, dt, Imgproc.DIST_L2, 5);
      Imgproc.threshold(dt, dt, 20, 20, Imgproc.THRESH_TRUNC);
      Imgproc.blur(dt, dt, new Size(3, 3));
      float[] f = new float[n];
      dt.get(0, 0, f);
      byte[] b = new byte[n];
      for (int i = 0; i < n; i++) {
        b[i] = (byte) (int) f[i];
      }
      d8.put(0, 0, b);
      Imgproc.equalizeHist(d8, d8);
      ker.put(0, 0, new float[] {-2, -1, 0, -1, 1, 1, 0, 1, 2});
      Imgproc.filter2D(d8, emb, CvType.CV_8U, ker);
      Imgproc.blur(emb, emb, new Size(3, 3));
      emb.get(0, 0, b);
      float[] m = new float[n];
      for (int i = 0; i < n; i++) {
        m[i] = (l8[i] & 0xFF) * (float) (b[i] & 0xFF);
      }
      return m;
    } finally {
      liq.release();
      edges.release();
      dist.release();
      dt.release();
      d8.release();
      ker.release();
      emb.release();
    }
  }
}
