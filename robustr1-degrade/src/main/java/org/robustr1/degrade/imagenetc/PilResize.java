package org.robustr1.degrade.imagenetc;

/**
 * Pillow 9.4's 8-bit resamplers used by {@code pixelate}: {@code resize(BOX)} (two-pass
 * convolution with 22-bit fixed-point coefficients, {@code libImaging/Resample.c}) and {@code
 * resize(NEAREST)} (the scaling branch of the affine transform, {@code libImaging/Geometry.c}).
 * OpenCV's {@code INTER_AREA} differs from BOX by up to 83 levels, hence this port.
 */
final class PilResize {

  private static final int PRECISION_BITS = 32 - 8 - 2;

  private PilResize() {}

  /** Fixed-point BOX coefficients along one axis: bounds (xmin, count) and {@code ksize} taps. */
  private static final class Coeffs {
    final int ksize;
    final int[] bounds;
    final int[] kk;

    Coeffs(int inSize, int outSize) {
      double in0 = 0.0;
      double in1 = (float) inSize;
      double scale = (in1 - in0) / outSize;
      double filterscale = Math.max(scale, 1.0);
      double support = 0.5 * filterscale;
      ksize = (int) Math.ceil(support) * 2 + 1;
      bounds = new int[outSize * 2];
      double[] pre = new double[outSize * ksize];
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
        int k = xx * ksize;
        for (int x = 0; x < xmax; x++) {
          double w = box((x + xmin - center + 0.5) * ss);
          pre[k + x] = w;
          ww += w;
        }
        for (int x = 0; x < xmax; x++) {
          if (ww != 0.0) {
            pre[k + x] /= ww;
          }
        }
        bounds[xx * 2] = xmin;
        bounds[xx * 2 + 1] = xmax;
      }
      kk = new int[pre.length];
      for (int i = 0; i < pre.length; i++) {
        double v = pre[i] * (1 << PRECISION_BITS);
        kk[i] = pre[i] < 0 ? (int) (-0.5 + v) : (int) (0.5 + v);
      }
    }

    private static double box(double x) {
      return x > -0.5 && x <= 0.5 ? 1.0 : 0.0;
    }
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

  /** {@code Image.resize((outW, outH), Image.BOX)} of an RGB image. */
  static byte[] resizeBox(byte[] rgb, int w, int h, int outW, int outH) {
    byte[] cur = rgb;
    int curW = w;
    if (outW != w) {
      Coeffs cx = new Coeffs(w, outW);
      byte[] tmp = new byte[outW * h * 3];
      for (int y = 0; y < h; y++) {
        int row = y * w * 3;
        for (int xx = 0; xx < outW; xx++) {
          int xmin = cx.bounds[xx * 2];
          int xmax = cx.bounds[xx * 2 + 1];
          int k = xx * cx.ksize;
          int s0 = 1 << (PRECISION_BITS - 1);
          int s1 = s0;
          int s2 = s0;
          for (int x = 0; x < xmax; x++) {
            int p = row + (x + xmin) * 3;
            int kv = cx.kk[k + x];
            s0 += (rgb[p] & 0xFF) * kv;
            s1 += (rgb[p + 1] & 0xFF) * kv;
            s2 += (rgb[p + 2] & 0xFF) * kv;
          }
          int o = (y * outW + xx) * 3;
          tmp[o] = (byte) clip8(s0);
          tmp[o + 1] = (byte) clip8(s1);
          tmp[o + 2] = (byte) clip8(s2);
        }
      }
      cur = tmp;
      curW = outW;
    }
    if (outH == h) {
      return cur == rgb ? rgb.clone() : cur;
    }
    Coeffs cy = new Coeffs(h, outH);
    byte[] out = new byte[curW * outH * 3];
    int rowLen = curW * 3;
    for (int yy = 0; yy < outH; yy++) {
      int k = yy * cy.ksize;
      int ymin = cy.bounds[yy * 2];
      int ymax = cy.bounds[yy * 2 + 1];
      for (int i = 0; i < rowLen; i++) {
        int ss = 1 << (PRECISION_BITS - 1);
        for (int y = 0; y < ymax; y++) {
          ss += (cur[(y + ymin) * rowLen + i] & 0xFF) * cy.kk[k + y];
        }
        out[yy * rowLen + i] = (byte) clip8(ss);
      }
    }
    return out;
  }

  /** {@code Image.resize((outW, outH), Image.NEAREST)}: Pillow's accumulated source coordinates. */
  static byte[] resizeNearest(byte[] rgb, int w, int h, int outW, int outH) {
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

  private static int coord(double v) {
    return v < 0.0 ? -1 : (int) v;
  }

  private static int clamp(int v, int n) {
    return v < 0 ? 0 : (v >= n ? n - 1 : v);
  }
}
