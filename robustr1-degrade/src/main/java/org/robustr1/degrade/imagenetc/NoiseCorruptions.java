package org.robustr1.degrade.imagenetc;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/** gaussian_noise, shot_noise, impulse_noise and speckle_noise (imagecorruptions semantics). */
final class NoiseCorruptions {

  static final double[] GAUSSIAN_SIGMA = {0.08, 0.12, 0.18, 0.26, 0.38};
  static final double[] SHOT_SCALE = {60, 25, 12, 5, 3};
  static final double[] IMPULSE_AMOUNT = {0.03, 0.06, 0.09, 0.17, 0.27};
  static final double[] SPECKLE_SIGMA = {0.15, 0.20, 0.35, 0.45, 0.60};

  /** {@code v / 255.} for every byte value. */
  static final double[] UNIT = new double[256];

  /** {@code np.uint8(np.clip(v / 255., 0, 1) * 255)}: the identity round trip, truncated. */
  static final byte[] ROUND_TRIP = new byte[256];

  static {
    for (int v = 0; v < 256; v++) {
      UNIT[v] = v / 255.0;
      ROUND_TRIP[v] = NumpyOps.unitToByte(UNIT[v]);
    }
  }

  private static final PoissonTable[] SHOT_TABLES = new PoissonTable[5];

  private NoiseCorruptions() {}

  /** x + N(0, σ), clipped. */
  static byte[] gaussianNoise(byte[] px, int severity, RandomGenerator rng) {
    double c = GAUSSIAN_SIGMA[severity - 1];
    byte[] out = new byte[px.length];
    for (int i = 0; i < px.length; i++) {
      out[i] = NumpyOps.unitToByte(UNIT[px[i] & 0xFF] + rng.nextGaussian() * c);
    }
    return out;
  }

  /** Poisson(x·c)/c, clipped; sampled exactly by inversion of per-level CDF tables. */
  static byte[] shotNoise(byte[] px, int severity, RandomGenerator rng) {
    PoissonTable t = shotTable(severity);
    byte[] out = new byte[px.length];
    for (int i = 0; i < px.length; i++) {
      int v = px[i] & 0xFF;
      double[] cdf = t.cdf[v];
      double u = rng.nextDouble();
      // guide table: start at the first k whose cdf exceeds the bucket's lower edge
      int k = t.guide[v][(int) (u * PoissonTable.GUIDE)];
      while (cdf[k] <= u) {
        k++;
      }
      out[i] = t.outByte[Math.min(k, t.outByte.length - 1)];
    }
    return out;
  }

  /**
   * skimage {@code random_noise(mode='s&p', amount=p)}: flip with probability p to 0 or 1 (each
   * equally likely). The two Bernoulli draws of a value take 32 random bits each, two per {@code
   * nextLong} (p is resolved to 2⁻³²).
   */
  static byte[] impulseNoise(byte[] px, int severity, RandomGenerator rng) {
    double p = IMPULSE_AMOUNT[severity - 1];
    // u < p for u uniform on [0, 2^32): threshold ceil(p·2^32)
    long threshold = (long) Math.ceil(p * 4294967296.0);
    byte[] out = new byte[px.length];
    long bits = 0;
    boolean spare = false;
    for (int i = 0; i < px.length; i++) {
      long u;
      if (spare) {
        u = bits >>> 32;
        spare = false;
      } else {
        bits = rng.nextLong();
        u = bits & 0xFFFFFFFFL;
        spare = true;
      }
      if (u < threshold) {
        out[i] = rng.nextBoolean() ? (byte) 255 : 0;
      } else {
        out[i] = ROUND_TRIP[px[i] & 0xFF];
      }
    }
    return out;
  }

  /** x + x·N(0, σ), clipped. */
  static byte[] speckleNoise(byte[] px, int severity, RandomGenerator rng) {
    double c = SPECKLE_SIGMA[severity - 1];
    byte[] out = new byte[px.length];
    for (int i = 0; i < px.length; i++) {
      double x = UNIT[px[i] & 0xFF];
      out[i] = NumpyOps.unitToByte(x + x * (rng.nextGaussian() * c));
    }
    return out;
  }

  private static PoissonTable shotTable(int severity) {
    PoissonTable t = SHOT_TABLES[severity - 1];
    if (t == null) {
      t = new PoissonTable(SHOT_SCALE[severity - 1]);
      SHOT_TABLES[severity - 1] = t;
    }
    return t;
  }

  /** CDFs of Poisson(v/255·c) for the 256 input levels and the output byte of each count k. */
  static final class PoissonTable {
    static final int GUIDE = 256;
    final double[][] cdf = new double[256][];
    final int[][] guide = new int[256][];
    final byte[] outByte;

    PoissonTable(double c) {
      int maxK = 0;
      for (int v = 0; v < 256; v++) {
        double lambda = UNIT[v] * c;
        double[] acc = new double[16];
        int n = 0;
        double p = Math.exp(-lambda);
        double sum = 0;
        for (int k = 0; ; k++) {
          if (k > 0) {
            p = p * lambda / k;
          }
          sum += p;
          if (n == acc.length) {
            acc = Arrays.copyOf(acc, n * 2);
          }
          acc[n++] = sum;
          if (k > lambda && (1.0 - sum < 1e-17 || p < 1e-300)) {
            break;
          }
        }
        acc = Arrays.copyOf(acc, n);
        acc[n - 1] = Double.POSITIVE_INFINITY;
        cdf[v] = acc;
        int[] g = new int[GUIDE];
        int k = 0;
        for (int j = 0; j < GUIDE; j++) {
          double edge = (double) j / GUIDE;
          while (acc[k] <= edge) {
            k++;
          }
          g[j] = k;
        }
        guide[v] = g;
        maxK = Math.max(maxK, n - 1);
      }
      outByte = new byte[maxK + 1];
      for (int k = 0; k <= maxK; k++) {
        outByte[k] = NumpyOps.unitToByte(k / c);
      }
    }
  }
}
