package org.robustr1.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** A token embedding table, parameter {@code weight [vocab, hidden]}. */
public final class TokenEmbedding extends HfBlock {

  private final long hidden;
  private final Parameter weight;

  /** A table of {@code vocab} rows of width {@code hidden}. */
  public TokenEmbedding(long vocab, long hidden) {
    this.hidden = hidden;
    this.weight = param("weight", Parameter.Type.WEIGHT, new Shape(vocab, hidden));
  }

  /** Looks up {@code ids} (INT64, any shape) and returns {@code [..., hidden]}. */
  public NDArray forward(NDArray ids) {
    return ids.getNDArrayInternal()
        .embedding(ids, weight.getArray(), SparseFormat.DENSE)
        .singletonOrThrow();
  }

  /** The weight parameter. */
  public Parameter weight() {
    return weight;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(forward(inputs.head()));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0].add(hidden)};
  }
}
