package org.robustr1.model.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A block that only holds one named parameter, for checkpoint paths whose module does its own
 * computation elsewhere (such as {@code patch_embed.proj.weight}, a Conv3d applied as a matmul).
 * Its forward returns the input unchanged.
 */
public final class Leaf extends HfBlock {

  private final Parameter parameter;

  /** A holder of one parameter called {@code name}. */
  public Leaf(String name, Parameter.Type type, Shape shape) {
    this.parameter = param(name, type, shape);
  }

  /** The parameter. */
  public Parameter parameter() {
    return parameter;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return inputs;
  }
}
