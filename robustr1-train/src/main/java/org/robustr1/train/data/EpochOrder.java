package org.robustr1.train.data;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.SplittableRandom;

/**
 * The order rows are visited in an epoch: a Fisher–Yates permutation drawn from a generator seeded
 * by {@code (seed, epoch)} only, so a resumed run recomputes exactly the same order from the cursor
 * it saved.
 */
public final class EpochOrder {

  private EpochOrder() {}

  /** The permutation of {@code 0..n-1} for {@code epoch} (0-based) under {@code seed}. */
  public static int[] permutation(int n, long seed, int epoch) {
    checkArgument(n >= 0, "n must be >= 0, got %s", n);
    checkArgument(epoch >= 0, "epoch must be >= 0, got %s", epoch);
    SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch + 1);
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
