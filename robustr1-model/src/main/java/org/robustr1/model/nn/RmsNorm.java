package org.robustr1.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Qwen2 RMSNorm over the last axis: {@code weight * (x / sqrt(mean(x²) + eps))}, parameter {@code
 * weight [dim]}.
 */
public final class RmsNorm extends HfBlock {

  private final Parameter weight;
  private final ScalarConstant epsArray;

  /** A norm over {@code dim} features. */
  public RmsNorm(long dim, double eps) {
    this.weight = param("weight", Parameter.Type.GAMMA, new Shape(dim));
    this.epsArray = new ScalarConstant(eps);
  }

  /** Normalizes {@code x [..., dim]}. */
  public NDArray forward(NDArray x) {
    NDArray w = weight.getArray();
    NDArray var = x.square().mean(new int[] {-1}, true);
    return x.div(var.add(epsArray.get(w)).sqrt()).mul(w);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(forward(inputs.head()));
  }
}
