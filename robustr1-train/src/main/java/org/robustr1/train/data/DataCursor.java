package org.robustr1.train.data;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Walks row indices in the {@link EpochOrder} of each epoch; its position is (epoch, cursor), which
 * is all a checkpoint needs to continue the exact same sequence.
 */
public final class DataCursor {

  private final int size;
  private final long seed;
  private int epoch;
  private int cursor;
  private int[] order;

  /** A cursor over {@code size} rows at (epoch, cursor). */
  public DataCursor(int size, long seed, int epoch, int cursor) {
    checkArgument(size > 0, "the training data has no usable rows");
    checkArgument(cursor >= 0 && cursor <= size, "cursor %s outside 0..%s", cursor, size);
    this.size = size;
    this.seed = seed;
    this.epoch = epoch;
    this.cursor = cursor;
    this.order = EpochOrder.permutation(size, seed, epoch);
  }

  /**
   * The next {@code k} indices of one epoch. When fewer than {@code k} remain, the rest of the
   * epoch is dropped (as the official sampler drops incomplete chunks) and the next epoch starts.
   */
  public int[] take(int k) {
    checkArgument(k <= size, "a step needs %s rows but the data has only %s", k, size);
    if (cursor + k > size) {
      nextEpoch();
    }
    int[] out = new int[k];
    System.arraycopy(order, cursor, out, 0, k);
    cursor += k;
    return out;
  }

  /** The next single index, starting the next epoch when this one is exhausted. */
  public int next() {
    if (cursor >= size) {
      nextEpoch();
    }
    return order[cursor++];
  }

  private void nextEpoch() {
    epoch++;
    cursor = 0;
    order = EpochOrder.permutation(size, seed, epoch);
  }

  /** Current 0-based epoch. */
  public int epoch() {
    return epoch;
  }

  /** Rows of the current epoch consumed. */
  public int cursor() {
    return cursor;
  }
}
