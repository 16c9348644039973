package org.robustr1.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.robustr1.model.generate.AttentionCache;

/**
 * One Qwen2 decoder layer (pre-norm): {@code input_layernorm}, {@code self_attn} (q/k/v with bias,
 * o without, grouped-query attention, rotary embedding with precomputed cos/sin), {@code
 * post_attention_layernorm}, {@code mlp} (SwiGLU without bias).
 *
 * <p>Key/value head {@code g} serves query heads {@code g·group .. g·group+group−1}, as in HF's
 * {@code repeat_kv} (repeat-interleave, not tile).
 */
public final class DecoderLayer extends HfBlock {

  private final RmsNorm inputNorm;
  private final RmsNorm postNorm;
  private final SelfAttention attn;
  private final SwiGluMlp mlp;

  /** A layer of width {@code hidden}. */
  public DecoderLayer(
      int hidden, int heads, int kvHeads, int intermediate, double eps) {
    inputNorm = child("input_layernorm", new RmsNorm(hidden, eps));
    attn = child("self_attn", new SelfAttention(hidden, heads, kvHeads));
    postNorm = child("post_attention_layernorm", new RmsNorm(hidden, eps));
    mlp = child("mlp", new SwiGluMlp(hidden, intermediate, false));
  }

  /**
   * Applies the layer.
   *
   * @param x {@code [B, S, hidden]}
   * @param cos {@code [B, S, headDim]} rotary cosines per position
   * @param sin {@code [B, S, headDim]}
   * @param mask additive mask {@code [B, 1, S, T]} (0 = attend, very negative = masked), T = keys
   *     attended (cached plus new); {@code null} for none
   * @param cache the cache to append to and attend over, or {@code null} to attend over the S new
   *     positions only
   * @param layer this layer's index in the cache
   */
  public NDArray forward(
      NDArray x, NDArray cos, NDArray sin, NDArray mask, AttentionCache cache, int layer) {
    NDArray h = x.add(attn.forward(inputNorm.forward(x), cos, sin, mask, cache, layer));
    return h.add(mlp.forward(postNorm.forward(h)));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray mask = inputs.size() > 3 ? inputs.get(3) : null;
    return new NDList(forward(inputs.get(0), inputs.get(1), inputs.get(2), mask, null, 0));
  }

  /** The {@code self_attn} child. */
  static final class SelfAttention extends HfBlock {
    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final HfLinear q;
    private final HfLinear k;
    private final HfLinear v;
    private final HfLinear o;

    SelfAttention(int hidden, int heads, int kvHeads) {
      this.heads = heads;
      this.kvHeads = kvHeads;
      this.headDim = hidden / heads;
      q = child("q_proj", new HfLinear(hidden, (long) heads * headDim, true));
      k = child("k_proj", new HfLinear(hidden, (long) kvHeads * headDim, true));
      v = child("v_proj", new HfLinear(hidden, (long) kvHeads * headDim, true));
      o = child("o_proj", new HfLinear((long) heads * headDim, hidden, false));
    }

    NDArray forward(
        NDArray x, NDArray cos, NDArray sin, NDArray mask, AttentionCache cache, int layer) {
      long b = x.getShape().get(0);
      long s = x.getShape().get(1);
      int group = heads / kvHeads;
      NDArray c = cos.expandDims(1);
      NDArray sn = sin.expandDims(1);
      NDArray qs = Rotary.apply(q.forward(x).reshape(b, s, heads, headDim).transpose(0, 2, 1, 3), c, sn);
      NDArray ks =
          Rotary.apply(k.forward(x).reshape(b, s, kvHeads, headDim).transpose(0, 2, 1, 3), c, sn);
      NDArray vs = v.forward(x).reshape(b, s, kvHeads, headDim).transpose(0, 2, 1, 3);
      if (cache != null) {
        NDArray[] kv = cache.append(layer, ks, vs);
        ks = kv[0];
        vs = kv[1];
      }
      // [B, kvHeads, group, S, hd] x [B, kvHeads, 1, hd, T]
      NDArray scores =
          qs.reshape(b, kvHeads, group, s, headDim)
              .matMul(ks.expandDims(2).transpose(0, 1, 2, 4, 3))
              .mul(org.robustr1.model.qwen.OwnedArrays.scalarLike(x, 1.0 / Math.sqrt(headDim)));
      if (mask != null) {
        scores = scores.add(mask.expandDims(1));
      }
      NDArray out = scores.softmax(-1).matMul(vs.expandDims(2));
      out = out.reshape(b, heads, s, headDim).transpose(0, 2, 1, 3).reshape(b, s, (long) heads * headDim);
      return o.forward(out);
    }

    @Override
    protected NDList forwardInternal(
        ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
      NDArray mask = inputs.size() > 3 ? inputs.get(3) : null;
      return new NDList(forward(inputs.get(0), inputs.get(1), inputs.get(2), mask, null, 0));
    }
  }
}
