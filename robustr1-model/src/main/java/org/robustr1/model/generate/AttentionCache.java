package org.robustr1.model.generate;

import ai.djl.ndarray.NDArray;

/**
 * Keys and values of earlier positions that a decoder's attention layers attend over in addition
 * to the new positions: the preallocated {@link KvCache} for generation, or a {@link PrefixCache}
 * that shares one prompt's keys and values among many completions while keeping the autograd graph.
 */
public interface AttentionCache {

  /** Positions already held (the position of the first new token). */
  int length();

  /**
   * Adds the new keys and values {@code [B, kvHeads, n, headDim]} of layer {@code layer} and
   * returns the keys and values to attend over, {@code [B, kvHeads, length()+n, headDim]}.
   */
  NDArray[] append(int layer, NDArray k, NDArray v);

  /** Marks {@code n} new positions as held, after every layer appended them. */
  void advance(int n);
}
