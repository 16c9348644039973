package org.robustr1.model.nn;

import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An indexed list of blocks named {@code 0, 1, 2, …} (HF's {@code nn.ModuleList}). Its own forward
 * applies the blocks in order to a single input.
 *
 * @param <B> the block type
 */
public final class HfList<B extends HfBlock> extends HfBlock {

  private final List<B> items = new ArrayList<>();

  /** Appends a block under the next index. */
  public B add(B block) {
    child(Integer.toString(items.size()), block);
    items.add(block);
    return block;
  }

  /** The blocks in order. */
  public List<B> items() {
    return Collections.unmodifiableList(items);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList x = inputs;
    for (B b : items) {
      x = b.forward(ps, x, training, params);
    }
    return x;
  }
}
