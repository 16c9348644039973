package org.robustr1.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Softmax attention {@code softmax(q·kᵀ·scale + mask)·v} over the last two axes with bounded memory:
 * when the score tensor would hold more than {@link #MAX_SCORE_ELEMENTS} values, the queries are
 * taken in chunks of rows (each row's softmax needs only its own scores, so the result is the same)
 * and, without autograd, each chunk's scores are freed before the next is computed. A 12-megapixel
 * photo gives about 61,000 patches: the full-attention vision blocks would otherwise materialise
 * {@code heads × 61,000²} scores (30 GB for two heads).
 */
public final class QueryChunks {

  /** Most score values computed at once: 2²⁴ floats, 64 MB (plus the softmax's copy). */
  public static final long MAX_SCORE_ELEMENTS = 1L << 24;

  private QueryChunks() {}

  /**
   * {@code softmax(q·kT·scale + mask)·v}.
   *
   * @param q queries {@code [..., S, hd]}
   * @param kT keys, transposed: {@code [..., hd, T]} (broadcast against q's leading axes)
   * @param v values {@code [..., T, hd]}
   * @param scale the scalar scale
   * @param mask additive mask broadcastable to {@code [..., S, T]} with its query axis (second
   *     last) of size S or 1, or null
   * @param maxScores most score values per chunk (at least one query row is always taken)
   * @return {@code [..., S, hd]}
   */
  public static NDArray attend(NDArray q, NDArray kT, NDArray v, NDArray scale, NDArray mask, long maxScores) {
    Shape qs = q.getShape();
    int rank = qs.dimension();
    long s = qs.get(rank - 2);
    long t = kT.getShape().get(kT.getShape().dimension() - 1);
    long lead = Math.max(broadcastLead(qs), broadcastLead(kT.getShape()));
    long perRow = lead * t;
    if (perRow * s <= maxScores) {
      return one(q, kT, v, scale, mask);
    }
    long rows = Math.max(1, maxScores / perRow);
    boolean release = !GradMode.isEnabled();
    boolean maskRows = mask != null && mask.getShape().get(mask.getShape().dimension() - 2) == s;
    NDList outs = new NDList();
    for (long a = 0; a < s; a += rows) {
      long b = Math.min(s, a + rows);
      NDIndex slice = new NDIndex("..., {}:{}, :", a, b);
      NDArray qc = q.get(slice);
      NDArray mc = maskRows ? mask.get(slice) : mask;
      outs.add(one(qc, kT, v, scale, mc, release));
      if (release) {
        qc.close();
        if (mc != mask) {
          mc.close();
        }
      }
    }
    NDArray out = NDArrays.concat(outs, rank - 2);
    if (release) {
      outs.close();
    }
    return out;
  }

  private static NDArray one(NDArray q, NDArray kT, NDArray v, NDArray scale, NDArray mask) {
    NDArray scores = q.matMul(kT).mul(scale);
    if (mask != null) {
      scores = scores.add(mask);
    }
    return softmax(scores).matMul(v);
  }

  /**
   * Softmax over the last axis, computed in fp32 for half-precision scores and narrowed back (Hugging
   * Face's eager attention: {@code softmax(..., dtype=torch.float32).to(query.dtype)}).
   */
  public static NDArray softmax(NDArray scores) {
    DataType dt = scores.getDataType();
    if (dt == DataType.FLOAT32) {
      return scores.softmax(-1);
    }
    return scores.toType(DataType.FLOAT32, false).softmax(-1).toType(dt, false);
  }

  /** {@link #one} closing the intermediate scores when {@code release}. */
  private static NDArray one(NDArray q, NDArray kT, NDArray v, NDArray scale, NDArray mask, boolean release) {
    if (!release) {
      return one(q, kT, v, scale, mask);
    }
    // the same ops as without chunks, in place where the result is the same
    try (NDArray scores = q.matMul(kT)) {
      scores.muli(scale);
      if (mask != null) {
        scores.addi(mask);
      }
      try (NDArray p = softmax(scores)) {
        return p.matMul(v);
      }
    }
  }

  /** The product of the axes before the last two. */
  private static long broadcastLead(Shape shape) {
    long n = 1;
    for (int i = 0; i < shape.dimension() - 2; i++) {
      n *= shape.get(i);
    }
    return n;
  }
}
