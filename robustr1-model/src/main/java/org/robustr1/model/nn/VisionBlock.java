package org.robustr1.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One pre-norm Qwen2.5-VL vision block: {@code h = x + attn(norm1(x)); out = h + mlp(norm2(h))},
 * children {@code norm1}, {@code attn}, {@code norm2}, {@code mlp} (SwiGLU with biases).
 */
public final class VisionBlock extends HfBlock {

  private final RmsNorm norm1;
  private final RmsNorm norm2;
  private final VisionAttention attn;
  private final SwiGluMlp mlp;

  /** A block of width {@code hidden}. */
  public VisionBlock(int hidden, int heads, int intermediate, double eps) {
    norm1 = child("norm1", new RmsNorm(hidden, eps));
    norm2 = child("norm2", new RmsNorm(hidden, eps));
    attn = child("attn", new VisionAttention(hidden, heads));
    mlp = child("mlp", new SwiGluMlp(hidden, intermediate, true));
  }

  /** Fuses the MLP's gate/up projections for inference (see {@link SwiGluMlp#fuseProjections}). */
  public void fuseProjections() {
    mlp.fuseProjections();
  }

  /** The {@code attn} child. */
  public VisionAttention attention() {
    return attn;
  }

  /** Applies the block; see {@link VisionAttention#forward} for the arguments. */
  public NDArray forward(
      NDArray x, NDArray cos, NDArray signedSin, VisionAttention.Segments segments) {
    NDArray h = x.add(attn.forward(norm1.forward(x), cos, signedSin, segments));
    return h.add(mlp.forward(norm2.forward(h)));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    int n = (int) x.getShape().get(0);
    return new NDList(
        forward(
            x,
            inputs.get(1),
            inputs.get(2),
            new VisionAttention.Segments(n, new int[] {0, 1, n}, null)));
  }
}
