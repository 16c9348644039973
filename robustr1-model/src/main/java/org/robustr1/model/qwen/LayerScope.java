package org.robustr1.model.qwen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.function.Supplier;

/**
 * Runs one layer in an {@link NDScope} of its own and keeps only its output: every other array the
 * layer created is closed when it returns. The output is registered with the caller's scope, if
 * any, as if it had been created there. For inference only: with autograd on, PyTorch keeps what
 * backward needs anyway, but the caller's trace or cache may hold intermediates by reference.
 */
final class LayerScope {

  private LayerScope() {}

  /** The array {@code layer} returns; the arrays it created on the way are closed. */
  static NDArray keepOnly(Supplier<NDArray> layer) {
    NDArray out;
    try (NDScope scope = new NDScope()) {
      out = layer.get();
      NDScope.unregister(out);
    }
    NDScope.register(out);
    return out;
  }
}
