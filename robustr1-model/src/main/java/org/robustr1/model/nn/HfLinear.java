package org.robustr1.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A linear layer in Hugging Face layout: {@code weight [out, in]}, optional {@code bias [out]},
 * {@code y = x · weightᵀ + bias} over the last axis.
 */
public final class HfLinear extends HfBlock {

  private final long in;
  private final long out;
  private final Parameter weight;
  private final Parameter bias;

  /** A layer {@code in → out}, with a bias when {@code withBias}. */
  public HfLinear(long in, long out, boolean withBias) {
    this.in = in;
    this.out = out;
    this.weight = param("weight", Parameter.Type.WEIGHT, new Shape(out, in));
    this.bias = withBias ? param("bias", Parameter.Type.BIAS, new Shape(out)) : null;
  }

  /** Applies the layer to {@code x [..., in]}. */
  public NDArray forward(NDArray x) {
    return x.getNDArrayInternal()
        .linear(x, weight.getArray(), bias == null ? null : bias.getArray())
        .singletonOrThrow();
  }

  /** The weight parameter {@code [out, in]}. */
  public Parameter weight() {
    return weight;
  }

  /** The bias parameter {@code [out]}, or null without bias. */
  public Parameter bias() {
    return bias;
  }

  /** Input width. */
  public long inFeatures() {
    return in;
  }

  /** Output width. */
  public long outFeatures() {
    return out;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(forward(inputs.head()));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    return new Shape[] {s.slice(0, s.dimension() - 1).add(out)};
  }
}
