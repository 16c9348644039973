package org.robustr1.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;

/**
 * An FP32 scalar operand created once and reused by every forward (an epsilon, a softmax scale):
 * building it per call costs a Java direct buffer and three native calls, more than the op that
 * uses it on decode-sized rows. It lives, torch-owned, in the manager of the parameter it is
 * anchored to (the model's weight manager), outside any {@link NDScope}, so it survives scopes and
 * stays valid inside autograd graphs until the model is closed.
 */
final class ScalarConstant {

  private final float value;
  private volatile NDArray array;

  ScalarConstant(double value) {
    this.value = (float) value;
  }

  /** The scalar, created on first use in {@code anchor}'s manager. */
  NDArray get(NDArray anchor) {
    NDArray a = array;
    if (a == null || a.isReleased()) {
      NDManager m = anchor.getManager();
      NDArray fromJava = m.create(value);
      a = fromJava.duplicate();
      fromJava.close();
      NDScope.unregister(a);
      array = a;
    }
    return a;
  }
}
