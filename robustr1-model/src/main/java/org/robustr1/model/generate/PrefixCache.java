package org.robustr1.model.generate;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;

/**
 * Shares the keys and values of one prefix (a prompt) among a batch of continuations, for
 * teacher-forced scoring of several completions of one prompt: the first pass (batch 1) records
 * every layer's keys and values; later passes attend over the recorded prefix (repeated to their
 * batch) followed by their own positions. Nothing is detached, so gradients flow into the prefix.
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
      checkArgument(k.getShape().get(0) == 1, "the prefix pass must have batch 1");
      keys[layer] = k;
      values[layer] = v;
      return new NDArray[] {k, v};
    }
    long b = k.getShape().get(0);
    NDArray pk = b == 1 ? keys[layer] : keys[layer].repeat(0, b);
    NDArray pv = b == 1 ? values[layer] : values[layer].repeat(0, b);
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
