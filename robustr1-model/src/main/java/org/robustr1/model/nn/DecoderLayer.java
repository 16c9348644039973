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
   * Makes the q/k/v projections, and the MLP's gate/up projections, views of one fused matrix each
   * so that inference runs them as one matmul; checkpoint names, shapes and gradients are unchanged
   * (see {@link FusedProjection}).
   */
  public void fuseProjections() {
    attn.fuseProjections();
    mlp.fuseProjections();
  }

  /**
   * Applies the layer.
   *
   * @param x {@code [B, S, hidden]}
   * @param cos {@code [B, 1, S, headDim]} rotary cosines per position
   * @param sin {@code [B, 1, S, headDim]} rotary sines with the first half of each row negated
   *     ({@link Rotary#signSin})
   * @param mask additive mask {@code [B, 1, S, T]} (0 = attend, very negative = masked), T = keys
   *     attended (cached plus new); {@code null} for none (all keys visible: only right for one
   *     new position without padding)
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
    private final FusedProjection qkv;
    private final ScalarConstant scale;

    SelfAttention(int hidden, int heads, int kvHeads) {
      this.heads = heads;
      this.kvHeads = kvHeads;
      this.headDim = hidden / heads;
      q = child("q_proj", new HfLinear(hidden, (long) heads * headDim, true));
      k = child("k_proj", new HfLinear(hidden, (long) kvHeads * headDim, true));
      v = child("v_proj", new HfLinear(hidden, (long) kvHeads * headDim, true));
      o = child("o_proj", new HfLinear((long) heads * headDim, hidden, false));
      qkv = new FusedProjection(q, k, v);
      scale = new ScalarConstant(1.0 / Math.sqrt(headDim));
    }

    /** Makes q/k/v views of one fused matrix (see {@link FusedProjection#pack}). */
    void fuseProjections() {
      qkv.pack();
    }

    NDArray forward(
        NDArray x, NDArray cos, NDArray signedSin, NDArray mask, AttentionCache cache, int layer) {
      long b = x.getShape().get(0);
      long s = x.getShape().get(1);
      int group = heads / kvHeads;
      int all = heads + 2 * kvHeads;
      // [B, heads + 2·kvHeads, S, hd]: q heads, then k heads, then v heads
      NDArray y = qkv.forward(x);
      NDArray packed =
          s == 1
              ? y.reshape(b, all, 1, headDim)
              : y.reshape(b, s, all, headDim).transpose(0, 2, 1, 3);
      NDList qkAndV = packed.split(new long[] {heads + kvHeads}, 1);
      NDList qk = Rotary.applySigned(qkAndV.get(0), cos, signedSin).split(new long[] {heads}, 1);
      NDArray qs = qk.get(0);
      NDArray ks = qk.get(1);
      NDArray vs = qkAndV.get(1);
      if (cache != null) {
        NDArray[] kv = cache.append(layer, ks, vs);
        ks = kv[0];
        vs = kv[1];
      }
      NDArray sc = scale.get(o.weight().getArray());
      NDArray out;
      if (s == 1) {
        // one query row per head: a kv head's query heads are the rows of one [group, T] product
        NDArray scores = qs.reshape(b, kvHeads, group, headDim).matMul(ks.transpose(0, 1, 3, 2)).mul(sc);
        if (mask != null) {
          scores = scores.add(mask);
        }
        out = QueryChunks.softmax(scores).matMul(vs).reshape(b, 1, (long) heads * headDim);
      } else {
        // [B, kvHeads, group, S, hd] x [B, kvHeads, 1, hd, T], in query chunks for long prompts
        out =
            QueryChunks.attend(
                qs.reshape(b, kvHeads, group, s, headDim),
                ks.expandDims(2).transpose(0, 1, 2, 4, 3),
                vs.expandDims(2),
                sc,
                mask == null ? null : mask.expandDims(1),
                QueryChunks.MAX_SCORE_ELEMENTS);
        out =
            out.reshape(b, heads, s, headDim)
                .transpose(0, 2, 1, 3)
                .reshape(b, s, (long) heads * headDim);
      }
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
