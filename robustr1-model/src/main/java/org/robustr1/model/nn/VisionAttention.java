package org.robustr1.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Vision self-attention of Qwen2.5-VL: fused {@code qkv} (with bias), 2-D rotary embedding on q and
 * k, softmax attention restricted to the segments {@code [cu[k], cu[k+1])} (windows or whole
 * images), and {@code proj} (with bias). No causal mask.
 */
public final class VisionAttention extends HfBlock {

  private final int heads;
  private final int headDim;
  private final HfLinear qkv;
  private final HfLinear proj;

  /** Attention over {@code hidden} features split into {@code heads} heads. */
  public VisionAttention(int hidden, int heads) {
    this.heads = heads;
    this.headDim = hidden / heads;
    qkv = child("qkv", new HfLinear(hidden, 3L * hidden, true));
    proj = child("proj", new HfLinear(hidden, hidden, true));
  }

  /**
   * Attends within segments.
   *
   * @param x {@code [N, hidden]}
   * @param cos {@code [N, headDim]}
   * @param sin {@code [N, headDim]}
   * @param cuSeqlens segment boundaries in rows, starting with 0 and ending with N; empty segments
   *     are skipped
   */
  public NDArray forward(NDArray x, NDArray cos, NDArray sin, int[] cuSeqlens) {
    long n = x.getShape().get(0);
    NDArray packed = qkv.forward(x).reshape(n, 3, heads, headDim);
    NDArray c = cos.expandDims(1);
    NDArray s = sin.expandDims(1);
    // [heads, N, headDim]
    NDArray q = Rotary.apply(packed.get(new NDIndex(":, 0")), c, s).transpose(1, 0, 2);
    NDArray k = Rotary.apply(packed.get(new NDIndex(":, 1")), c, s).transpose(1, 0, 2);
    NDArray v = packed.get(new NDIndex(":, 2")).transpose(1, 0, 2);
    NDArray scale = org.robustr1.model.qwen.OwnedArrays.scalarLike(x, 1.0 / Math.sqrt(headDim));
    List<NDArray> outs = new ArrayList<>();
    for (int i = 0; i + 1 < cuSeqlens.length; i++) {
      int a = cuSeqlens[i];
      int b = cuSeqlens[i + 1];
      if (b <= a) {
        continue;
      }
      NDIndex seg = new NDIndex(":, {}:{}", a, b);
      NDArray qs = q.get(seg);
      NDArray ks = k.get(seg);
      NDArray vs = v.get(seg);
      NDArray att = qs.matMul(ks.transpose(0, 2, 1)).mul(scale).softmax(-1);
      outs.add(att.matMul(vs));
    }
    NDArray o = outs.size() == 1 ? outs.get(0) : NDArrays.concat(new NDList(outs), 1);
    return proj.forward(o.transpose(1, 0, 2).reshape(n, (long) heads * headDim));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    return new NDList(
        forward(x, inputs.get(1), inputs.get(2), new int[] {0, (int) x.getShape().get(0)}));
  }
}
