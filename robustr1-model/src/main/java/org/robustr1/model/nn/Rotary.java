package org.robustr1.model.nn;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * Rotary position embedding helpers in the Hugging Face "rotate half" convention: dims {@code (i,
 * i + d/2)} form a rotation pair, {@code x' = x·cos + rotate_half(x)·sin} with {@code
 * rotate_half(x) = concat(−x[d/2:], x[:d/2])}.
 */
public final class Rotary {

  private Rotary() {}

  /**
   * The inverse frequencies {@code 1 / theta^(2j/dim)} for {@code j < dim/2}, computed in FP32 as
   * PyTorch does.
   */
  public static float[] inverseFrequencies(int dim, double theta) {
    checkArgument(dim > 0 && dim % 2 == 0, "rotary dim must be even and positive, got %s", dim);
    float[] inv = new float[dim / 2];
    for (int j = 0; j < inv.length; j++) {
      float exponent = (float) (2 * j) / (float) dim;
      float pow = (float) Math.pow(theta, exponent);
      inv[j] = 1f / pow;
    }
    return inv;
  }

  /** {@code concat(−x[..., d/2:], x[..., :d/2])} over the last axis. */
  public static NDArray rotateHalf(NDArray x) {
    long d = x.getShape().get(x.getShape().dimension() - 1);
    NDArray x1 = x.get(new NDIndex("..., :{}", d / 2));
    NDArray x2 = x.get(new NDIndex("..., {}:", d / 2));
    return x2.neg().concat(x1, -1);
  }

  /** {@code x·cos + rotate_half(x)·sin}; cos and sin broadcast against x. */
  public static NDArray apply(NDArray x, NDArray cos, NDArray sin) {
    return x.mul(cos).add(rotateHalf(x).mul(sin));
  }

  /**
   * Negates the first half of each row of {@code sin} (rows of {@code dim} values) in place and
   * returns it: the table {@link #applySigned} takes, which moves the sign of {@code
   * rotate_half} from the activations into the constant table.
   */
  public static float[] signSin(float[] sin, int dim) {
    checkArgument(dim > 0 && dim % 2 == 0 && sin.length % dim == 0, "bad rotary table of %s values for dim %s", sin.length, dim);
    int half = dim / 2;
    for (int base = 0; base < sin.length; base += dim) {
      for (int j = 0; j < half; j++) {
        sin[base + j] = -sin[base + j];
      }
    }
    return sin;
  }

  /**
   * {@code x·cos + swap_halves(x)·signedSin} with {@code signedSin} from {@link #signSin}: the same
   * values as {@link #apply} (the negation is exact) in 6 ops instead of 8, the half swap being one
   * flip of a {@code [..., 2, d/2]} view. cos and signedSin broadcast against x.
   */
  public static NDArray applySigned(NDArray x, NDArray cos, NDArray signedSin) {
    return x.mul(cos).add(swapHalves(x).mul(signedSin));
  }

  /** {@code concat(x[..., d/2:], x[..., :d/2])} over the last axis. */
  public static NDArray swapHalves(NDArray x) {
    ai.djl.ndarray.types.Shape shape = x.getShape();
    int dims = shape.dimension();
    long d = shape.get(dims - 1);
    long[] split = new long[dims + 1];
    for (int i = 0; i < dims - 1; i++) {
      split[i] = shape.get(i);
    }
    split[dims - 1] = 2;
    split[dims] = d / 2;
    return x.reshape(split).flip(dims - 1).reshape(shape);
  }
}
