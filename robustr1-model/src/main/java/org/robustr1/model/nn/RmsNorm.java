package org.robustr1.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
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

  /**
   * Normalizes {@code x [..., dim]}. A half-precision input is normalised in fp32 and narrowed back
   * before the weight is applied, as Hugging Face's {@code Qwen2RMSNorm} does (squares of fp16
   * activations overflow).
   */
  public NDArray forward(NDArray x) {
    NDArray w = weight.getArray();
    if (x.getDataType() != DataType.FLOAT32) {
      NDArray xf = x.toType(DataType.FLOAT32, false);
      NDArray var = xf.square().mean(new int[] {-1}, true);
      return xf.div(var.add(epsArray.get(w)).sqrt()).toType(x.getDataType(), false).mul(w);
    }
    NDArray var = x.square().mean(new int[] {-1}, true);
    return x.div(var.add(epsArray.get(w)).sqrt()).mul(w);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(forward(inputs.head()));
  }
}
