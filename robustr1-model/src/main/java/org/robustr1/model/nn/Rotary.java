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
}
