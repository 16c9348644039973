package org.robustr1.degrade.imagenetc;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** snow, frost, fog and brightness. */
final class WeatherCorruptions {

  /** (μ, σ, zoom, threshold, blur radius, blur σ, keep). */
  static final double[][] SNOW = {
    {0.1, 0.3, 3, 0.5, 10, 4, 0.8},
    {0.2, 0.3, 2, 0.5, 12, 4, 0.7},
    {0.55, 0.3, 4, 0.9, 12, 8, 0.7},
    {0.55, 0.3, 4.5, 0.85, 12, 8, 0.65},
    {0.55, 0.3, 2.5, 0.85, 12, 12, 0.55}
  };
  /** (image weight, frost weight). */
  static final double[][] FROST = {{1, 0.4}, {0.8, 0.6}, {0.7, 0.7}, {0.65, 0.7}, {0.6, 0.75}};
  /** (amplitude, wibble decay). */
  static final double[][] FOG = {{1.5, 2}, {2.0, 2}, {2.5, 1.7}, {2.5, 1.5}, {3.0, 1.4}};
  static final double[] BRIGHTNESS = {.1, .2, .3, .4, .5};

  private WeatherCorruptions() {}

  /** Snow layer: zoomed thresholded noise, motion-blurred, added twice (once rotated 180°). */
  static byte[] snow(byte[] px, int w, int h, int severity, RandomGenerator rng) {
    double[] c = SNOW[severity - 1];
    double[] layer = new double[h * w];
    for (int i = 0; i < layer.length; i++) {
      layer[i] = c[0] + c[1] * rng.nextGaussian();
    }
    int[] dims = new int[2];
    double[] zoomed = BlurCorruptions.clippedZoomFull(layer, h, w, c[2], dims);
    for (int i = 0; i < zoomed.length; i++) {
      double v = zoomed[i] < c[3] ? 0 : zoomed[i];
      zoomed[i] = v > 1 ? 1 : v;
    }
    double angle = -135 + 90 * rng.nextDouble();
    double[] blurred =
        MotionBlur.apply(zoomed, dims[0], dims[1], 1, (int) c[4], (int) c[5], angle);
    int zw = dims[1];
    double[] snowLayer = new double[h * w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double v = Math.rint(blurred[y * zw + x] * 255);
        snowLayer[y * w + x] = (((int) v) & 0xFF) / 255.;
      }
    }
    float keep = (float) c[6];
    float rest = (float) (1 - c[6]);
    byte[] out = new byte[px.length];
    int n = h * w;
    for (int i = 0; i < n; i++) {
      float r = (px[i * 3] & 0xFF) / 255f;
      float g = (px[i * 3 + 1] & 0xFF) / 255f;
      float b = (px[i * 3 + 2] & 0xFF) / 255f;
      float gray = r * 0.299f + g * 0.587f + b * 0.114f;
      float lift = gray * 1.5f + 0.5f;
      double s = snowLayer[i] + snowLayer[n - 1 - i];
      out[i * 3] = NumpyOps.unitToByte((double) (keep * r + rest * Math.max(r, lift)) + s);
      out[i * 3 + 1] = NumpyOps.unitToByte((double) (keep * g + rest * Math.max(g, lift)) + s);
      out[i * 3 + 2] = NumpyOps.unitToByte((double) (keep * b + rest * Math.max(b, lift)) + s);
    }
    return out;
  }

  /**
   * Blends a random crop of a frost texture: {@code clip(a·x + b·frost, 0, 255)}. The texture is
   * first scaled by {@code 1.1·s} with {@code INTER_CUBIC}, s ≥ 1 making it cover the image.
   */
  static byte[] frost(
      byte[] px,
      int w,
      int h,
      int severity,
      RandomGenerator rng,
      List<FrostTexture> textures,
      Map<Long, byte[]> cache) {
    double[] c = FROST[severity - 1];
    int idx = rng.nextInt(textures.size());
    FrostTexture t = textures.get(idx);
    double scale = 1;
    if (t.height() >= h && t.width() >= w) {
      scale = 1;
    } else if (t.height() < h && t.width() >= w) {
      scale = (double) h / t.height();
    } else if (t.height() >= h) {
      scale = (double) w / t.width();
    } else {
      scale = Math.max((double) h / t.height(), (double) w / t.width());
    }
    scale *= 1.1;
    int newW = (int) Math.ceil(t.width() * scale);
    int newH = (int) Math.ceil(t.height() * scale);
    byte[] tex = rescaled(t, idx, newW, newH, cache);
    int x0 = rng.nextInt(Math.max(1, newH - h));
    int y0 = rng.nextInt(Math.max(1, newW - w));
    byte[] out = new byte[px.length];
    double a = c[0];
    double b = c[1];
    for (int y = 0; y < h; y++) {
      int srow = ((x0 + y) * newW + y0) * 3;
      int drow = y * w * 3;
      for (int i = 0; i < w * 3; i++) {
        out[drow + i] = NumpyOps.clip255(a * (px[drow + i] & 0xFF) + b * (tex[srow + i] & 0xFF));
      }
    }
    return out;
  }

  /** The texture scaled to newW × newH, cached per (texture index, size) in {@code cache}. */
  private static byte[] rescaled(FrostTexture t, int idx, int newW, int newH, Map<Long, byte[]> cache) {
    long key = ((long) idx << 48) | ((long) newW << 24) | newH;
    byte[] cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    OpenCvLoader.load();
    Mat src = new Mat(t.height(), t.width(), CvType.CV_8UC3);
    Mat dst = new Mat();
    try {
      src.put(0, 0, t.rgb());
      Imgproc.resize(src, dst, new Size(newW, newH), 0, 0, Imgproc.INTER_CUBIC);
      byte[] out = new byte[newW * newH * 3];
      dst.get(0, 0, out);
      if (cache.size() > 64) {
        cache.clear();
      }
      cache.put(key, out);
      return out;
    } finally {
      src.release();
      dst.release();
    }
  }

  /** Adds a plasma-fractal fog map and rescales by max/(max + a). */
  static byte[] fog(byte[] px, int w, int h, int severity, RandomGenerator rng) {
    double[] c = FOG[severity - 1];
    int size = PlasmaFractal.nextPowerOfTwo(Math.max(Math.max(h, w), 3));
    double[] map = PlasmaFractal.generate(size, c[1], rng);
    int maxV = 0;
    for (byte b : px) {
      maxV = Math.max(maxV, b & 0xFF);
    }
    double maxVal = NoiseCorruptions.UNIT[maxV];
    double denom = maxVal + c[0];
    byte[] out = new byte[px.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double add = c[0] * map[y * size + x];
        int p = (y * w + x) * 3;
        for (int ch = 0; ch < 3; ch++) {
          double v = NoiseCorruptions.UNIT[px[p + ch] & 0xFF] + add;
          out[p + ch] = NumpyOps.unitToByte(v * maxVal / denom);
        }
      }
    }
    return out;
  }

  /** V ← clip(V + c) in skimage HSV. */
  static byte[] brightness(byte[] px, int severity) {
    double c = BRIGHTNESS[severity - 1];
    return ColorCorruptions.hsvAdjust(px, 1.0, 0.0, c);
  }
}
