package org.robustr1.degrade.imagenetc;

import java.util.random.RandomGenerator;

/**
 * imagecorruptions' {@code plasma_fractal}: a diamond-square height map on a power-of-two square,
 * with numpy's {@code np.roll} wrap-around neighbours, the noise term {@code wibble · U(−wibble,
 * wibble)} (the amplitude enters twice, as in the source) and a final min-max normalisation.
 */
final class PlasmaFractal {

  private PlasmaFractal() {}

  /** The smallest power of two ≥ n ({@code next_power_of_2}). */
  static int nextPowerOfTwo(int n) {
    return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
  }

  /** A {@code size × size} map in [0, 1], row-major. */
  static double[] generate(int size, double wibbleDecay, RandomGenerator rng) {
    double[] map = new double[size * size];
    int step = size;
    double wibble = 100;
    while (step >= 2) {
      int half = step / 2;
      int k = size / step;
      // fillsquares: centre = (corner sum over the square) / 4 + noise
      double[] sq = new double[k * k];
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < k; j++) {
          sq[i * k + j] = map[(i * step) * size + j * step] + map[(((i + 1) % k) * step) * size + j * step];
        }
      }
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < k; j++) {
          double v = sq[i * k + j] + sq[i * k + (j + 1) % k];
          map[(i * step + half) * size + j * step + half] = wibbled(v, wibble, rng);
        }
      }
      // filldiamonds
      double[] lt = new double[k * k];
      double[] tt = new double[k * k];
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < k; j++) {
          double dr = map[(i * step + half) * size + j * step + half];
          double drUp = map[(((i - 1 + k) % k) * step + half) * size + j * step + half];
          double drLeft = map[(i * step + half) * size + ((j - 1 + k) % k) * step + half];
          double ul = map[(i * step) * size + j * step];
          double ulRight = map[(i * step) * size + ((j + 1) % k) * step];
          double ulDown = map[(((i + 1) % k) * step) * size + j * step];
          lt[i * k + j] = (dr + drUp) + (ul + ulRight);
          tt[i * k + j] = (dr + drLeft) + (ul + ulDown);
        }
      }
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < k; j++) {
          map[(i * step) * size + j * step + half] = wibbled(lt[i * k + j], wibble, rng);
        }
      }
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < k; j++) {
          map[(i * step + half) * size + j * step] = wibbled(tt[i * k + j], wibble, rng);
        }
      }
      step /= 2;
      wibble /= wibbleDecay;
    }
    double min = Double.POSITIVE_INFINITY;
    for (double v : map) {
      min = Math.min(min, v);
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < map.length; i++) {
      map[i] -= min;
      max = Math.max(max, map[i]);
    }
    for (int i = 0; i < map.length; i++) {
      map[i] = map[i] / max;
    }
    return map;
  }

  private static double wibbled(double sum, double wibble, RandomGenerator rng) {
    return sum / 4 + wibble * (-wibble + 2 * wibble * rng.nextDouble());
  }
}
