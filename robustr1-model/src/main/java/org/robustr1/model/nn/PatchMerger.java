package org.robustr1.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The Qwen2.5-VL patch merger: {@code ln_q} (RMSNorm) per patch, then each run of {@code
 * merge²} consecutive patches is concatenated and sent through {@code mlp.0} (Linear), exact erf
 * GELU and {@code mlp.2} (Linear) to the language model width.
 */
public final class PatchMerger extends HfBlock {

  private final int group;
  private final long mergedWidth;
  private final long outWidth;
  private final RmsNorm lnQ;
  private final HfLinear fc1;
  private final HfLinear fc2;

  /** A merger of {@code merge × merge} patches of width {@code hidden} to {@code outHidden}. */
  public PatchMerger(int hidden, int outHidden, int merge, double eps) {
    this.group = merge * merge;
    this.mergedWidth = (long) hidden * group;
    this.outWidth = outHidden;
    lnQ = child("ln_q", new RmsNorm(hidden, eps));
    MergerMlp mlp = child("mlp", new MergerMlp(mergedWidth, outHidden));
    fc1 = mlp.fc1;
    fc2 = mlp.fc2;
  }

  /** Merges {@code x [N, hidden]} (N divisible by merge²) into {@code [N/merge², outHidden]}. */
  public NDArray forward(NDArray x) {
    NDArray h = lnQ.forward(x).reshape(-1, mergedWidth);
    return fc2.forward(Activation.gelu(fc1.forward(h)));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(forward(inputs.head()));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0) / group, outWidth)};
  }

  /** The {@code mlp} child: {@code mlp.0} and {@code mlp.2} (index 1 is the parameterless GELU). */
  static final class MergerMlp extends HfBlock {
    final HfLinear fc1;
    final HfLinear fc2;

    MergerMlp(long width, long out) {
      fc1 = child("0", new HfLinear(width, width, true));
      fc2 = child("2", new HfLinear(width, out, true));
    }

    @Override
    protected NDList forwardInternal(
        ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
      return new NDList(fc2.forward(Activation.gelu(fc1.forward(inputs.head()))));
    }
  }
}
