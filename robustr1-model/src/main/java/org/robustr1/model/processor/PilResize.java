package org.robustr1.model.processor;

import static com.google.common.base.Preconditions.checkArgument;

import org.robustr1.core.image.RgbImage;

/**
 * Pillow's {@code Image.resize(size, BICUBIC)} for 8-bit RGB images, bit for bit: the separable
 * two-pass resampler of {@code libImaging/Resample.c} (horizontal pass first, then vertical), with
 * the bicubic kernel {@code a = -0.5}, support scaled by the downscale factor (antialiasing),
 * coefficients normalised to sum 1 then quantised to 22-bit fixed point, and uint8 rounding and
 * clipping after each pass.
 */
public final class PilResize {

  private static final int PRECISION_BITS = 32 - 8 - 2;
  private static final double BICUBIC_SUPPORT = 2.0;

  private PilResize() {}

  private static double bicubic(double x) {
    final double a = -0.5;
    if (x < 0.0) {
      x = -x;
    }
    if (x < 1.0) {
      return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
    }
    if (x < 2.0) {
      return (((x - 5) * x + 8) * x - 4) * a;
    }
    return 0.0;
  }

  /** Per output pixel: first input index, tap count, and fixed-point taps (ksize per pixel). */
  private record Coeffs(int ksize, int[] bounds, int[] kk) {}

  private static Coeffs precompute(int inSize, int outSize) {
    double in0 = 0;
    double in1 = inSize;
    double scale = (in1 - in0) / outSize;
    double filterscale = scale < 1.0 ? 1.0 : scale;
    double support = BICUBIC_SUPPORT * filterscale;
    int ksize = (int) Math.ceil(support) * 2 + 1;
    int[] bounds = new int[outSize * 2];
    int[] kk = new int[outSize * ksize];
    double[] k = new double[ksize];
    for (int xx = 0; xx < outSize; xx++) {
      double center = in0 + (xx + 0.5) * scale;
      double ww = 0.0;
      double ss = 1.0 / filterscale;
      int xmin = (int) (center - support + 0.5);
      if (xmin < 0) {
        xmin = 0;
      }
      int xmax = (int) (center + support + 0.5);
      if (xmax > inSize) {
        xmax = inSize;
      }
      xmax -= xmin;
      for (int x = 0; x < xmax; x++) {
        double w = bicubic((x + xmin - center + 0.5) * ss);
        k[x] = w;
        ww += w;
      }
      for (int x = 0; x < xmax; x++) {
        if (ww != 0.0) {
          k[x] /= ww;
        }
      }
      for (int x = 0; x < ksize; x++) {
        double v = x < xmax ? k[x] : 0.0;
        kk[xx * ksize + x] =
            v < 0 ? (int) (-0.5 + v * (1 << PRECISION_BITS)) : (int) (0.5 + v * (1 << PRECISION_BITS));
      }
      bounds[xx * 2] = xmin;
      bounds[xx * 2 + 1] = xmax;
    }
    return new Coeffs(ksize, bounds, kk);
  }

  private static int clip8(int in) {
    if (in >= (1 << PRECISION_BITS << 8)) {
      return 255;
    }
    if (in <= 0) {
      return 0;
    }
    return in >> PRECISION_BITS;
  }

  /**
   * Resizes to {@code width x height} as {@code PIL.Image.resize((width, height),
   * Image.BICUBIC)} does for an RGB image.
   */
  public static RgbImage bicubic(RgbImage src, int width, int height) {
    checkArgument(width > 0 && height > 0, "target size must be positive, got %sx%s", width, height);
    int inW = src.width();
    int inH = src.height();
    if (inW == width && inH == height) {
      return new RgbImage(width, height, src.pixels().clone());
    }
    byte[] in = src.pixels();
    Coeffs horiz = precompute(inW, width);
    Coeffs vert = precompute(inH, height);
    boolean needH = width != inW;
    boolean needV = height != inH;

    byte[] cur = in;
    int curW = inW;
    int curH = inH;
    int[] vBounds = vert.bounds().clone();
    if (needH) {
      int yFirst = vert.bounds()[0];
      int yLast = vert.bounds()[height * 2 - 2] + vert.bounds()[height * 2 - 1];
      if (!needV) {
        yFirst = 0;
        yLast = inH;
      }
      for (int i = 0; i < height; i++) {
        vBounds[i * 2] -= yFirst;
      }
      int tmpH = yLast - yFirst;
      byte[] tmp = new byte[tmpH * width * 3];
      int ks = horiz.ksize();
      int[] hb = horiz.bounds();
      int[] hk = horiz.kk();
      int half = 1 << (PRECISION_BITS - 1);
      for (int yy = 0; yy < tmpH; yy++) {
        int rowIn = (yy + yFirst) * inW * 3;
        int rowOut = yy * width * 3;
        for (int xx = 0; xx < width; xx++) {
          int xmin = hb[xx * 2];
          int xmax = hb[xx * 2 + 1];
          int kOff = xx * ks;
          int s0 = half;
          int s1 = half;
          int s2 = half;
          for (int x = 0; x < xmax; x++) {
            int p = rowIn + (x + xmin) * 3;
            int kv = hk[kOff + x];
            s0 += (in[p] & 0xFF) * kv;
            s1 += (in[p + 1] & 0xFF) * kv;
            s2 += (in[p + 2] & 0xFF) * kv;
          }
          int o = rowOut + xx * 3;
          tmp[o] = (byte) clip8(s0);
          tmp[o + 1] = (byte) clip8(s1);
          tmp[o + 2] = (byte) clip8(s2);
        }
      }
      cur = tmp;
      curW = width;
      curH = tmpH;
    }
    if (!needV) {
      return new RgbImage(width, height, cur == in ? in.clone() : cur);
    }
    byte[] out = new byte[height * curW * 3];
    int ks = vert.ksize();
    int[] vk = vert.kk();
    int half = 1 << (PRECISION_BITS - 1);
    for (int yy = 0; yy < height; yy++) {
      int ymin = vBounds[yy * 2];
      int ymax = vBounds[yy * 2 + 1];
      int kOff = yy * ks;
      int rowOut = yy * curW * 3;
      for (int xx = 0; xx < curW; xx++) {
        int s0 = half;
        int s1 = half;
        int s2 = half;
        for (int y = 0; y < ymax; y++) {
          int p = ((y + ymin) * curW + xx) * 3;
          int kv = vk[kOff + y];
          s0 += (cur[p] & 0xFF) * kv;
          s1 += (cur[p + 1] & 0xFF) * kv;
          s2 += (cur[p + 2] & 0xFF) * kv;
        }
        int o = rowOut + xx * 3;
        out[o] = (byte) clip8(s0);
        out[o + 1] = (byte) clip8(s1);
        out[o + 2] = (byte) clip8(s2);
      }
    }
    assert curH >= 0;
    return new RgbImage(width, height, out);
  }
}
