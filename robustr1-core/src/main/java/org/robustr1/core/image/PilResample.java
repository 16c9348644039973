package org.robustr1.core.image;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * Pillow's 8-bit RGB resamplers, bit for bit.
 *
 * <p>{@link #resize} is {@code Image.resize(size, filter)} for the convolution filters ({@code
 * libImaging/Resample.c}): a separable two-pass resampler (horizontal pass first, over only the
 * rows the vertical pass reads, then vertical), support scaled by the downscale factor
 * (antialiasing), coefficients normalised to sum 1 then quantised to 22-bit fixed point, uint8
 * rounding and clipping after each pass. {@link #nearest} is {@code Image.resize(size, NEAREST)}
 * (the scaling branch of the affine transform, {@code libImaging/Geometry.c}). The algorithms are
 * unchanged from Pillow 9.4 to 11.
 */
public final class PilResample {

  /** A convolution filter of {@code Resample.c} with its support radius. */
  public enum Filter {
    /** {@code Image.BOX}: the mean over each output pixel's footprint (support 0.5). */
    BOX(0.5),
    /** {@code Image.BICUBIC}: Keys' cubic with {@code a = -0.5} (support 2). */
    BICUBIC(2.0);

    private final double support;

    Filter(double support) {
      this.support = support;
    }

    double weight(double x) {
      switch (this) {
        case BOX:
          return x > -0.5 && x <= 0.5 ? 1.0 : 0.0;
        case BICUBIC:
          return bicubic(x);
        default:
          throw new AssertionError(this);
      }
    }
  }

  private static final int PRECISION_BITS = 32 - 8 - 2;
  private static final int HALF = 1 << (PRECISION_BITS - 1);

  private PilResample() {}

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

  /** Per output pixel: first input index and tap count ({@code bounds}), {@code ksize} fixed-point taps. */
  private record Coeffs(int ksize, int[] bounds, int[] kk) {}

  private static Coeffs precompute(int inSize, int outSize, Filter filter) {
    double in0 = 0;
    double in1 = inSize;
    double scale = (in1 - in0) / outSize;
    double filterscale = scale < 1.0 ? 1.0 : scale;
    double support = filter.support * filterscale;
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
        double w = filter.weight((x + xmin - center + 0.5) * ss);
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

  /** {@code src.resize((width, height), filter)} of an RGB image. */
  public static RgbImage resize(RgbImage src, int width, int height, Filter filter) {
    return new RgbImage(width, height, resize(src.pixels(), src.width(), src.height(), width, height, filter));
  }

  /**
   * {@code resize((outW, outH), filter)} of packed RGB bytes {@code rgb} of size {@code w x h}; a
   * new array (a copy when the size is unchanged).
   */
  public static byte[] resize(byte[] rgb, int w, int h, int outW, int outH, Filter filter) {
    requireNonNull(filter, "filter");
    checkSizes(rgb, w, h, outW, outH);
    if (w == outW && h == outH) {
      return rgb.clone();
    }
    boolean needH = outW != w;
    boolean needV = outH != h;
    Coeffs vert = needV ? precompute(h, outH, filter) : null;

    byte[] cur = rgb;
    int curW = w;
    int[] vBounds = needV ? vert.bounds().clone() : null;
    if (needH) {
      int yFirst = 0;
      int yLast = h;
      if (needV) {
        yFirst = vBounds[0];
        yLast = vBounds[outH * 2 - 2] + vBounds[outH * 2 - 1];
        for (int i = 0; i < outH; i++) {
          vBounds[i * 2] -= yFirst;
        }
      }
      cur = horizontal(rgb, w, yFirst, yLast - yFirst, outW, precompute(w, outW, filter));
      curW = outW;
    }
    return needV ? vertical(cur, curW, outH, vert.ksize(), vBounds, vert.kk()) : cur;
  }

  private static byte[] horizontal(byte[] in, int inW, int yFirst, int rows, int outW, Coeffs c) {
    byte[] tmp = new byte[rows * outW * 3];
    int ks = c.ksize();
    int[] hb = c.bounds();
    int[] hk = c.kk();
    for (int yy = 0; yy < rows; yy++) {
      int rowIn = (yy + yFirst) * inW * 3;
      int rowOut = yy * outW * 3;
      for (int xx = 0; xx < outW; xx++) {
        int xmin = hb[xx * 2];
        int xmax = hb[xx * 2 + 1];
        int kOff = xx * ks;
        int s0 = HALF;
        int s1 = HALF;
        int s2 = HALF;
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
    return tmp;
  }

  private static byte[] vertical(byte[] cur, int curW, int outH, int ks, int[] vBounds, int[] vk) {
    byte[] out = new byte[outH * curW * 3];
    for (int yy = 0; yy < outH; yy++) {
      int ymin = vBounds[yy * 2];
      int ymax = vBounds[yy * 2 + 1];
      int kOff = yy * ks;
      int rowOut = yy * curW * 3;
      for (int xx = 0; xx < curW; xx++) {
        int s0 = HALF;
        int s1 = HALF;
        int s2 = HALF;
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
    return out;
  }

  /** {@code src.resize((width, height), Image.NEAREST)} of an RGB image. */
  public static RgbImage nearest(RgbImage src, int width, int height) {
    return new RgbImage(width, height, nearest(src.pixels(), src.width(), src.height(), width, height));
  }

  /**
   * {@code resize((outW, outH), Image.NEAREST)} of packed RGB bytes: Pillow's accumulated source
   * coordinates; a new array (a copy when the size is unchanged).
   */
  public static byte[] nearest(byte[] rgb, int w, int h, int outW, int outH) {
    checkSizes(rgb, w, h, outW, outH);
    if (outW == w && outH == h) {
      return rgb.clone();
    }
    double a0 = (double) w / outW;
    double a4 = (double) h / outH;
    int[] xin = new int[outW];
    double xo = a0 * 0.5;
    for (int x = 0; x < outW; x++) {
      xin[x] = clamp(coord(xo), w);
      xo += a0;
    }
    byte[] out = new byte[outW * outH * 3];
    double yo = a4 * 0.5;
    for (int y = 0; y < outH; y++) {
      int yi = clamp(coord(yo), h);
      int srow = yi * w * 3;
      int drow = y * outW * 3;
      for (int x = 0; x < outW; x++) {
        int s = srow + xin[x] * 3;
        int d = drow + x * 3;
        out[d] = rgb[s];
        out[d + 1] = rgb[s + 1];
        out[d + 2] = rgb[s + 2];
      }
      yo += a4;
    }
    return out;
  }

  private static void checkSizes(byte[] rgb, int w, int h, int outW, int outH) {
    requireNonNull(rgb, "rgb");
    checkArgument(w > 0 && h > 0, "source size must be positive, got %sx%s", w, h);
    checkArgument(outW > 0 && outH > 0, "target size must be positive, got %sx%s", outW, outH);
    checkArgument((long) w * h * 3 == rgb.length, "RGB buffer of %s bytes does not match %sx%sx3", rgb.length, w, h);
  }

  private static int coord(double v) {
    return v < 0.0 ? -1 : (int) v;
  }

  private static int clamp(int v, int n) {
    return v < 0 ? 0 : (v >= n ? n - 1 : v);
  }
}
