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
    double[] map = diamondSquare(size, wibbleDecay, rng);
    double[] mm = minMax(map);
    double min = mm[0];
    double range = mm[1] - min;
    for (int i = 0; i < map.length; i++) {
      map[i] = (map[i] - min) / range;
    }
    return map;
  }

  /**
   * The raw height map before normalisation; {@code (raw[i] − min) / (max − min)} with {@link
   * #minMax} is bit-identical to {@link #generate} ({@code maparray -= min; maparray / max}:
   * rounded subtraction is monotonic, so the maximum after subtracting is {@code max − min}).
   */
  static double[] generateRaw(int size, double wibbleDecay, RandomGenerator rng) {
    return diamondSquare(size, wibbleDecay, rng);
  }

  /** {min, max} of a finite array. */
  static double[] minMax(double[] map) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : map) {
      min = v < min ? v : min;
      max = v > max ? v : max;
    }
    return new double[] {min, max};
  }

  private static double[] diamondSquare(int size, double wibbleDecay, RandomGenerator rng) {
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
          sq[i * k + j] = map[(i * step) * size + j * step] + map[(next(i, k) * step) * size + j * step];
        }
      }
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < k; j++) {
          double v = sq[i * k + j] + sq[i * k + next(j, k)];
          map[(i * step + half) * size + j * step + half] = wibbled(v, wibble, rng);
        }
      }
      // filldiamonds
      double[] lt = new double[k * k];
      double[] tt = new double[k * k];
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < k; j++) {
          double dr = map[(i * step + half) * size + j * step + half];
          double drUp = map[(prev(i, k) * step + half) * size + j * step + half];
          double drLeft = map[(i * step + half) * size + prev(j, k) * step + half];
          double ul = map[(i * step) * size + j * step];
          double ulRight = map[(i * step) * size + next(j, k) * step];
          double ulDown = map[(next(i, k) * step) * size + j * step];
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
    return map;
  }

  /** {@code (i + 1) % k} for 0 ≤ i < k. */
  private static int next(int i, int k) {
    return i + 1 == k ? 0 : i + 1;
  }

  /** {@code (i − 1 + k) % k} for 0 ≤ i < k. */
  private static int prev(int i, int k) {
    return i == 0 ? k - 1 : i - 1;
  }

  private static double wibbled(double sum, double wibble, RandomGenerator rng) {
    return sum / 4 + wibble * (-wibble + 2 * wibble * rng.nextDouble());
  }
}
