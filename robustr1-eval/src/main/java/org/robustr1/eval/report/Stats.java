package org.robustr1.eval.report;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/** Statistics for reports: bootstrap intervals, McNemar's exact test, Spearman's rho. */
public final class Stats {

  private Stats() {}

  /**
   * A confidence interval.
   *
   * @param low lower bound
   * @param high upper bound
   */
  public record Interval(double low, double high) {}

  /** Mean of {@code v}; NaN when empty. */
  public static double mean(double[] v) {
    if (v.length == 0) {
      return Double.NaN;
    }
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  /**
   * Percentile bootstrap interval of the mean: {@code resamples} resamples with replacement from a
   * seeded generator, the {@code (1-level)/2} and {@code (1+level)/2} quantiles of their means.
   */
  public static Interval bootstrapMean(double[] v, int resamples, double level, long seed) {
    checkArgument(resamples >= 10, "need at least 10 resamples, got %s", resamples);
    checkArgument(level > 0 && level < 1, "level must be in (0, 1), got %s", level);
    if (v.length == 0) {
      return new Interval(Double.NaN, Double.NaN);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    double[] means = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      double s = 0;
      for (int i = 0; i < v.length; i++) {
        s += v[rng.nextInt(v.length)];
      }
      means[r] = s / v.length;
    }
    Arrays.sort(means);
    return new Interval(quantile(means, (1 - level) / 2), quantile(means, (1 + level) / 2));
  }

  /**
   * Percentile bootstrap interval of the paired difference {@code mean(b) - mean(a)}, resampling
   * item indices.
   */
  public static Interval bootstrapPairedDiff(double[] a, double[] b, int resamples, double level, long seed) {
    checkArgument(a.length == b.length, "paired samples differ in size: %s vs %s", a.length, b.length);
    double[] d = new double[a.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = b[i] - a[i];
    }
    return bootstrapMean(d, resamples, level, seed);
  }

  private static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }

  /**
   * McNemar's exact test (two-sided) on the discordant pairs: {@code b} items right only in the
   * first condition, {@code c} right only in the second. p = min(1, 2 * P(X &lt;= min(b, c))),
   * X ~ Binomial(b + c, 1/2); 1 when there are no discordant pairs.
   */
  public static double mcnemarExact(int b, int c) {
    checkArgument(b >= 0 && c >= 0, "counts must be >= 0, got %s and %s", b, c);
    int n = b + c;
    if (n == 0) {
      return 1.0;
    }
    BinomialDistribution bin = new BinomialDistribution(null, n, 0.5);
    return Math.min(1.0, 2 * bin.cumulativeProbability(Math.min(b, c)));
  }

  /** Spearman's rank correlation (average ranks for ties); NaN for fewer than 2 pairs. */
  public static double spearman(double[] x, double[] y) {
    checkArgument(x.length == y.length, "x and y differ in length: %s vs %s", x.length, y.length);
    if (x.length < 2) {
      return Double.NaN;
    }
    return new SpearmansCorrelation().correlation(x, y);
  }
}
