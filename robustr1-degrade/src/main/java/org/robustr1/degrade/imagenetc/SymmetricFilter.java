package org.robustr1.degrade.imagenetc;

import java.util.Arrays;

/**
 * Direct 2-D correlation of 8-bit 3-channel pixels with a small odd-sized kernel that is symmetric
 * in both axes (defocus_blur's disk), border {@code BORDER_REFLECT_101} as {@code cv2.filter2D},
 * accumulated in float32. Symmetry pairs the taps: each output row sums, per kernel column offset
 * dx, {@code Σ_dy k[dy][dx]·(row[y−dy] + row[y+dy])} over the whole padded width, then adds that
 * line shifted by ±dx. Every inner loop reads and writes the same index of distinct arrays (shifts
 * go through {@code System.arraycopy}), the form HotSpot's C2 vectorises.
 *
 * <p>Kernel taps below {@value #NEGLIGIBLE} are skipped: 255 levels times all of them stays below
 * 1e-7 of a level, far under the float32 rounding of the sum (they are the far tails of the
 * antialiasing Gaussian, down to subnormal floats that would also slow every product).
 */
final class SymmetricFilter {

  static final float NEGLIGIBLE = 1e-12f;

  private SymmetricFilter() {}

  /** Whether {@code k} is square, odd-sized and equal to its flips along both axes. */
  static boolean isSymmetric(float[][] k) {
    int n = k.length;
    if (n % 2 == 0) {
      return false;
    }
    for (float[] row : k) {
      if (row.length != n) {
        return false;
      }
    }
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        float v = k[y][x];
        if (v != k[n - 1 - y][x] || v != k[y][n - 1 - x]) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * The float32 correlation of {@code h × w × 3} pixels with {@code k} (see {@link #isSymmetric}),
   * truncated to bytes: {@code uint8(clip(·, 0, 255))}. Needs the effective radius below both sides.
   */
  static byte[] correlateTruncate(byte[] px, int w, int h, float[][] k) {
    int r = k.length / 2;
    int re = 0;
    for (int dy = 0; dy <= r; dy++) {
      for (int dx = 0; dx <= r; dx++) {
        if (Math.abs(k[r + dy][r + dx]) >= NEGLIGIBLE) {
          re = Math.max(re, Math.max(dy, dx));
        }
      }
    }
    float[][] q = new float[re + 1][re + 1];
    boolean[] rowUsed = new boolean[re + 1];
    for (int dy = 0; dy <= re; dy++) {
      for (int dx = 0; dx <= re; dx++) {
        float v = k[r + dy][r + dx];
        if (Math.abs(v) >= NEGLIGIBLE) {
          q[dy][dx] = v;
          rowUsed[dy] = true;
        }
      }
    }
    int c = 3;
    int len = w * c;
    int plen = (w + 2 * re) * c;
    float[][] rows = paddedRows(px, w, h, re);
    float[][] v = new float[re + 1][];
    for (int dy = 1; dy <= re; dy++) {
      v[dy] = new float[plen];
    }
    float[] wsum = new float[plen];
    float[] acc = new float[len];
    float[] t1 = new float[len];
    float[] t2 = new float[len];
    byte[] out = new byte[px.length];
    for (int y = 0; y < h; y++) {
      v[0] = rows[y + re];
      for (int dy = 1; dy <= re; dy++) {
        if (rowUsed[dy]) {
          float[] a = rows[y + re - dy];
          float[] b = rows[y + re + dy];
          float[] vd = v[dy];
          for (int i = 0; i < plen; i++) {
            vd[i] = a[i] + b[i];
          }
        }
      }
      Arrays.fill(acc, 0f);
      for (int dx = 0; dx <= re; dx++) {
        if (!columnSum(q, v, dx, wsum, plen)) {
          continue;
        }
        if (dx == 0) {
          System.arraycopy(wsum, re * c, t1, 0, len);
          for (int i = 0; i < len; i++) {
            acc[i] += t1[i];
          }
        } else {
          System.arraycopy(wsum, (re - dx) * c, t1, 0, len);
          System.arraycopy(wsum, (re + dx) * c, t2, 0, len);
          for (int i = 0; i < len; i++) {
            acc[i] += t1[i] + t2[i];
          }
        }
      }
      int d = y * len;
      for (int i = 0; i < len; i++) {
        out[d + i] = NumpyOps.truncByte(acc[i]);
      }
    }
    return out;
  }

  /**
   * {@code wsum = Σ_dy q[dy][dx]·v[dy]} over the non-zero taps, two rows per pass; false when the
   * column has no tap.
   */
  private static boolean columnSum(float[][] q, float[][] v, int dx, float[] wsum, int plen) {
    boolean first = true;
    int pend = -1;
    for (int dy = 0; dy < q.length; dy++) {
      if (q[dy][dx] == 0f) {
        continue;
      }
      if (pend < 0) {
        pend = dy;
        continue;
      }
      float k1 = q[pend][dx];
      float k2 = q[dy][dx];
      float[] v1 = v[pend];
      float[] v2 = v[dy];
      if (first) {
        for (int i = 0; i < plen; i++) {
          wsum[i] = k1 * v1[i] + k2 * v2[i];
        }
        first = false;
      } else {
        for (int i = 0; i < plen; i++) {
          wsum[i] += k1 * v1[i] + k2 * v2[i];
        }
      }
      pend = -1;
    }
    if (pend >= 0) {
      float k1 = q[pend][dx];
      float[] v1 = v[pend];
      if (first) {
        for (int i = 0; i < plen; i++) {
          wsum[i] = k1 * v1[i];
        }
        first = false;
      } else {
        for (int i = 0; i < plen; i++) {
          wsum[i] += k1 * v1[i];
        }
      }
    }
    return !first;
  }

  /** The {@code h + 2·pad} rows of the image extended by {@code pad} (REFLECT_101), as levels. */
  private static float[][] paddedRows(byte[] px, int w, int h, int pad) {
    int c = 3;
    int len = w * c;
    int plen = (w + 2 * pad) * c;
    float[][] rows = new float[h + 2 * pad][];
    for (int y = 0; y < h; y++) {
      float[] row = new float[plen];
      int s = y * len;
      int o = pad * c;
      for (int i = 0; i < len; i++) {
        row[o + i] = px[s + i] & 0xFF;
      }
      for (int x = 0; x < pad; x++) {
        int l = (reflect101(x - pad, w) + pad) * c;
        int rr = (reflect101(w + x, w) + pad) * c;
        for (int ch = 0; ch < c; ch++) {
          row[x * c + ch] = row[l + ch];
          row[(w + pad + x) * c + ch] = row[rr + ch];
        }
      }
      rows[y + pad] = row;
    }
    for (int y = 0; y < pad; y++) {
      rows[y] = rows[reflect101(y - pad, h) + pad];
      rows[h + pad + y] = rows[reflect101(h + y, h) + pad];
    }
    return rows;
  }

  /** {@code BORDER_REFLECT_101} for an index at most one length outside. */
  private static int reflect101(int i, int len) {
    if (i < 0) {
      return -i;
    }
    return i >= len ? 2 * len - 2 - i : i;
  }
}
