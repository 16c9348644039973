package org.robustr1.model.generate;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * A preallocated key/value cache for a decoder: per layer one key and one value buffer {@code
 * [batch, kvHeads, capacity, headDim]} holding post-RoPE keys and values. Writes go in place, so a
 * decode step allocates nothing that outlives it.
 *
 * <p>The buffers live in a manager of their own, created from the given parent and released by
 * {@link #close()}. Creating a cache inside an {@link NDScope} is safe: the buffers are unregistered
 * from it.
 */
public final class KvCache implements AttentionCache, AutoCloseable {

  private final NDManager manager;
  private final NDArray[] keys;
  private final NDArray[] values;
  private final int capacity;
  private int length;

  /** A float32 cache for {@code layers} layers that can hold {@code capacity} positions per row. */
  public KvCache(
      NDManager parent, int layers, int batch, int kvHeads, int headDim, int capacity) {
    this(parent, layers, batch, kvHeads, headDim, capacity, DataType.FLOAT32);
  }

  /**
   * A cache of {@code type} (the model's precision) for {@code layers} layers that can hold {@code
   * capacity} positions per row, on the parent manager's device.
   */
  public KvCache(
      NDManager parent, int layers, int batch, int kvHeads, int headDim, int capacity, DataType type) {
    checkArgument(layers > 0 && batch > 0 && kvHeads > 0 && headDim > 0, "bad cache dims");
    checkArgument(capacity > 0, "cache capacity must be > 0, got %s", capacity);
    this.manager = parent.newSubManager();
    this.capacity = capacity;
    this.keys = new NDArray[layers];
    this.values = new NDArray[layers];
    Shape shape = new Shape(batch, kvHeads, capacity, headDim);
    for (int l = 0; l < layers; l++) {
      keys[l] = manager.zeros(shape, type);
      values[l] = manager.zeros(shape, type);
      NDScope.unregister(keys[l], values[l]);
    }
  }

  /** Positions already filled (the cache position of the next token). */
  @Override
  public int length() {
    return length;
  }

  /** Most positions the cache can hold. */
  public int capacity() {
    return capacity;
  }

  /**
   * Writes {@code k, v [batch, kvHeads, n, headDim]} of layer {@code layer} at positions {@code
   * length() .. length()+n-1}. Call {@link #advance} once all layers were written.
   */
  public void write(int layer, NDArray k, NDArray v) {
    long n = k.getShape().get(2);
    checkArgument(
        length + n <= capacity,
        "KV cache overflow: %s cached + %s new > capacity %s",
        length,
        n,
        capacity);
    NDIndex at = new NDIndex("..., {}:{}, :", length, length + n);
    keys[layer].set(at, k);
    values[layer].set(at, v);
  }

  /** Keys of layer {@code layer} at positions {@code 0 .. upTo-1} (a view). */
  public NDArray keys(int layer, int upTo) {
    return keys[layer].get(new NDIndex("..., :{}, :", upTo));
  }

  /** Values of layer {@code layer} at positions {@code 0 .. upTo-1} (a view). */
  public NDArray values(int layer, int upTo) {
    return values[layer].get(new NDIndex("..., :{}, :", upTo));
  }

  @Override
  public NDArray[] append(int layer, NDArray k, NDArray v) {
    write(layer, k, v);
    int upTo = length + (int) k.getShape().get(2);
    return new NDArray[] {keys(layer, upTo), values(layer, upTo)};
  }

  /** Marks {@code n} more positions as filled. */
  @Override
  public void advance(int n) {
    checkArgument(length + n <= capacity, "KV cache overflow");
    length += n;
  }

  /**
   * Forgets every position from {@code n} on, keeping the first {@code n}: the next token is
   * written at position {@code n}, e.g. to decode again from a cached prompt.
   */
  public void truncate(int n) {
    checkArgument(n >= 0 && n <= length, "cannot truncate %s cached positions to %s", length, n);
    length = n;
  }

  @Override
  public void close() {
    manager.close();
  }
}
