package org.robustr1.model.generate;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;

/**
 * Shares the keys and values of a prefix (a prompt) with a batch of continuations, for
 * teacher-forced scoring of completions: the first pass records every layer's keys and values;
 * later passes attend over the recorded prefix followed by their own positions. A prefix of batch 1
 * is repeated to the continuations' batch (several completions of one prompt); a prefix of the
 * continuations' batch is used row by row (one prompt per completion). Nothing is detached, so gradients flow into the prefix.
 *
 * <p>The arrays are owned by whatever scope created them; the cache holds references only.
 */
public final class PrefixCache implements AttentionCache {

  private final NDArray[] keys;
  private final NDArray[] values;
  private int length;
  private boolean recorded;

  /** A cache for {@code layers} decoder layers. */
  public PrefixCache(int layers) {
    checkArgument(layers > 0, "layers must be > 0");
    keys = new NDArray[layers];
    values = new NDArray[layers];
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public NDArray[] append(int layer, NDArray k, NDArray v) {
    if (!recorded) {
      keys[layer] = k;
      values[layer] = v;
      return new NDArray[] {k, v};
    }
    long b = k.getShape().get(0);
    long pb = keys[layer].getShape().get(0);
    checkArgument(
        pb == b || pb == 1, "a prefix of batch %s cannot be continued by a batch of %s (it must be 1 or equal)", pb, b);
    NDArray pk = pb == b ? keys[layer] : keys[layer].repeat(0, b);
    NDArray pv = pb == b ? values[layer] : values[layer].repeat(0, b);
    return new NDArray[] {pk.concat(k, 2), pv.concat(v, 2)};
  }

  /** Ends the prefix pass; after it, continuation passes leave the cache unchanged. */
  @Override
  public void advance(int n) {
    if (!recorded) {
      length = n;
      recorded = true;
    }
  }

  /** Whether the prefix was recorded (later passes are continuations). */
  public boolean isRecorded() {
    return recorded;
  }
}
