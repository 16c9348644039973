package org.robustr1.degrade.imagenetc;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.robustr1.degrade.io.OpenCv;

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

  /** {@code v / 255f} for every level. */
  private static final float[] SNOW_LEVEL = new float[256];

  static {
    for (int v = 0; v < 256; v++) {
      SNOW_LEVEL[v] = v / 255f;
    }
  }

  private WeatherCorruptions() {}

  /**
   * Snow layer: zoomed thresholded noise, motion-blurred, added twice (once rotated 180°). Only
   * what reaches the output is computed: the noise of the centre crop that {@code clipped_zoom}
   * reads (the rest of the reference's h × w draws never matter) and the zoomed layer's top-left
   * corner that the motion blur of the kept h × w corner reads.
   */
  static byte[] snow(byte[] px, int w, int h, int severity, RandomGenerator rng) {
    double[] c = SNOW[severity - 1];
    double z = c[2];
    int ch0 = ScipyNdimage.cropSize(h, z);
    int ch1 = ScipyNdimage.cropSize(w, z);
    float[] crop = new float[ch0 * ch1];
    for (int i = 0; i < crop.length; i++) {
      crop[i] = (float) (c[0] + c[1] * rng.nextGaussian());
    }
    int zh = ScipyNdimage.zoomedSize(ch0, z);
    int zw = ScipyNdimage.zoomedSize(ch1, z);
    int radius = (int) c[4];
    int reach = 2 * radius + 2;
    int rows = Math.min(zh, h + reach);
    int cols = Math.min(zw, w + reach);
    float[] zoomed = BlurCorruptions.zoomCorner(crop, ch0, ch1, z, rows, cols);
    float thr = (float) c[3];
    for (int i = 0; i < zoomed.length; i++) {
      float v = zoomed[i] < thr ? 0f : zoomed[i];
      zoomed[i] = v > 1f ? 1f : v;
    }
    double angle = -135 + 90 * rng.nextDouble();
    // the blur of the kept corner reads at most 2·radius rows/columns past it (or clamps at the
    // layer's edge when the corner is the whole layer)
    float[] blurred =
        MotionBlur.apply(zoomed, zh, zw, 1, h, w, cols, radius, (int) c[5], angle);
    int n = h * w;
    float[] snowLayer = new float[n];
    for (int i = 0; i < n; i++) {
      // np.round (half to even) then uint8, back to [0, 1]
      snowLayer[i] = SNOW_LEVEL[((int) Math.rint(blurred[i] * 255f)) & 0xFF];
    }
    float keep = (float) c[6];
    float rest = (float) (1 - c[6]);
    byte[] out = new byte[px.length];
    float[] unit = BlurCorruptions.UNIT_F;
    for (int i = 0, p = 0; i < n; i++, p += 3) {
      float r = unit[px[p] & 0xFF];
      float g = unit[px[p + 1] & 0xFF];
      float b = unit[px[p + 2] & 0xFF];
      float gray = r * 0.299f + g * 0.587f + b * 0.114f;
      float lift = gray * 1.5f + 0.5f;
      float s = snowLayer[i] + snowLayer[n - 1 - i];
      out[p] = NumpyOps.unitToByte(keep * r + rest * (r > lift ? r : lift) + s);
      out[p + 1] = NumpyOps.unitToByte(keep * g + rest * (g > lift ? g : lift) + s);
      out[p + 2] = NumpyOps.unitToByte(keep * b + rest * (b > lift ? b : lift) + s);
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
    byte[] blend = frostBlend(severity);
    for (int y = 0; y < h; y++) {
      int srow = ((x0 + y) * newW + y0) * 3;
      int drow = y * w * 3;
      for (int i = 0; i < w * 3; i++) {
        out[drow + i] = blend[((px[drow + i] & 0xFF) << 8) | (tex[srow + i] & 0xFF)];
      }
    }
    return out;
  }

  /**
   * {@code uint8(clip(a·x + b·t, 0, 255))} in float64 for every pair of levels (x, t), index {@code
   * x << 8 | t}: the frost blend as one table look-up per value.
   */
  private static byte[] frostBlend(int severity) {
    return FrostBlend.TABLES[severity - 1];
  }

  /** The five blend tables (64 KiB each), built on first use. */
  private static final class FrostBlend {
    static final byte[][] TABLES = new byte[FROST.length][];

    static {
      for (int s = 0; s < FROST.length; s++) {
        double a = FROST[s][0];
        double b = FROST[s][1];
        byte[] t = new byte[1 << 16];
        for (int x = 0; x < 256; x++) {
          for (int v = 0; v < 256; v++) {
            t[(x << 8) | v] = NumpyOps.clip255(a * x + b * v);
          }
        }
        TABLES[s] = t;
      }
    }
  }

  /** The texture scaled to newW × newH, cached per (texture index, size) in {@code cache}. */
  private static byte[] rescaled(FrostTexture t, int idx, int newW, int newH, Map<Long, byte[]> cache) {
    long key = ((long) idx << 48) | ((long) newW << 24) | newH;
    byte[] cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    OpenCv.load();
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
    double[] map = PlasmaFractal.generateRaw(size, c[1], rng);
    double[] mm = PlasmaFractal.minMax(map);
    double mapMin = mm[0];
    double mapRange = mm[1] - mapMin;
    int maxV = 0;
    for (byte b : px) {
      maxV = Math.max(maxV, b & 0xFF);
    }
    double maxVal = NoiseCorruptions.UNIT[maxV];
    // x·max/(max + a) as x·(max/(max + a)): a last-bit difference, no division per value
    double scale = maxVal / (maxVal + c[0]);
    double[] unit = NoiseCorruptions.UNIT;
    byte[] out = new byte[px.length];
    for (int y = 0; y < h; y++) {
      int mrow = y * size;
      for (int x = 0, p = y * w * 3; x < w; x++, p += 3) {
        double add = c[0] * ((map[mrow + x] - mapMin) / mapRange);
        out[p] = NumpyOps.unitToByte((unit[px[p] & 0xFF] + add) * scale);
        out[p + 1] = NumpyOps.unitToByte((unit[px[p + 1] & 0xFF] + add) * scale);
        out[p + 2] = NumpyOps.unitToByte((unit[px[p + 2] & 0xFF] + add) * scale);
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
