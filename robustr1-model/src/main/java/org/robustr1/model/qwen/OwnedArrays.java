package org.robustr1.model.qwen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Arrays made from Java data that autograd can keep for the backward pass.
 *
 * <p>On the PyTorch engine {@code NDManager.create(array or number)} wraps a Java direct buffer
 * without copying ({@code from_blob}), and {@code x.mul(Number)} (likewise {@code div}, {@code
 * maximum}, ...) creates such a scalar and closes it right after the op. Autograd saves the inputs
 * it needs for backward (embedding and gather indices, rotary tables, masks, the factor of a
 * product, a divisor), so backward then reads freed memory once the buffer is collected: NaN or
 * infinite gradients at a finite loss, or garbage indices. The copies made here are owned by
 * PyTorch, which keeps their storage alive for as long as the graph needs it.
 */
public final class OwnedArrays {

  private OwnedArrays() {}

  /** A torch-owned copy of an array created from Java data; the original is closed. */
  public static NDArray owned(NDArray fromJava) {
    NDArray copy = fromJava.duplicate();
    fromJava.close();
    return copy;
  }

  /**
   * A torch-owned copy of an array created from Java data, converted to {@code type}; the original
   * is closed.
   */
  public static NDArray owned(NDArray fromJava, DataType type) {
    if (fromJava.getDataType() == type) {
      return owned(fromJava);
    }
    NDArray copy = fromJava.toType(type, false);
    fromJava.close();
    return copy;
  }

  /** A torch-owned float32 scalar, for products and quotients inside a differentiable graph. */
  public static NDArray scalar(NDManager manager, double value) {
    return owned(manager.create((float) value));
  }

  /**
   * A torch-owned scalar in the data type of {@code like} (float64 stays float64, anything else is
   * float32), in {@code like}'s manager.
   */
  public static NDArray scalarLike(NDArray like, double value) {
    return like.getDataType() == DataType.FLOAT64
        ? owned(like.getManager().create(value))
        : scalar(like.getManager(), value);
  }
}
