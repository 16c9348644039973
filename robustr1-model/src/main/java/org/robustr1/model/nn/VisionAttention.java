package org.robustr1.model.nn;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Vision self-attention of Qwen2.5-VL: fused {@code qkv} (with bias), 2-D rotary embedding on q and
 * k, softmax attention restricted to the segments {@code [cu[k], cu[k+1])} (windows or whole
 * images), and {@code proj} (with bias). No causal mask.
 *
 * <p>How the segments are attended is decided once per layout by {@link #segments}: one plain
 * attention when there is one segment; one attention over a block-diagonal additive mask when the
 * sequence is small (what HF's eager attention computes); otherwise one batched attention per run
 * of consecutive equal-length segments (a 448×448 image has 16 windows of 64 patches: one run).
 * Scores beyond {@link #setMaxScoreElements} values are computed in query chunks ({@link
 * QueryChunks}), so a 12-megapixel photo's full-attention blocks stay within bounded memory.
 */
public final class VisionAttention extends HfBlock {

  /**
   * Most rows for the block-diagonal mask: beyond it the {@code heads × N × N} scores grow too big
   * (at 1024 rows and 16 heads, 64 MB per block).
   */
  public static final int MASK_MAX_ROWS = 1024;

  /**
   * Multiply-accumulates of wasted (masked) attention work one saved native op is worth: an op costs
   * 2–4 µs of call overhead, in which one core does about 10⁵ FP32 multiply-accumulates.
   */
  public static final long MACS_PER_SAVED_OP = 100_000;

  /** Native ops one run of the run-by-run path costs beyond the masked path (slices, reshapes). */
  private static final int OPS_PER_RUN = 12;

  private final int heads;
  private final int headDim;
  private final HfLinear qkv;
  private final HfLinear proj;
  private final ScalarConstant scale;
  private long maxScoreElements = QueryChunks.MAX_SCORE_ELEMENTS;

  /** Attention over {@code hidden} features split into {@code heads} heads. */
  public VisionAttention(int hidden, int heads) {
    this.heads = heads;
    this.headDim = hidden / heads;
    qkv = child("qkv", new HfLinear(hidden, 3L * hidden, true));
    proj = child("proj", new HfLinear(hidden, hidden, true));
    scale = new ScalarConstant(1.0 / Math.sqrt(headDim));
  }

  /**
   * Most attention scores computed at once (default {@link QueryChunks#MAX_SCORE_ELEMENTS}): a
   * longer segment, such as a whole large image in a full-attention block, is attended in chunks
   * of query rows ({@link QueryChunks}).
   */
  public void setMaxScoreElements(long max) {
    checkArgument(max >= 1, "maxScoreElements must be >= 1, got %s", max);
    this.maxScoreElements = max;
  }

  /** Number of heads. */
  public int heads() {
    return heads;
  }

  /** Width of one head. */
  public int headDim() {
    return headDim;
  }

  /**
   * Attends within segments.
   *
   * @param x {@code [N, hidden]}
   * @param cos {@code [N, headDim]}
   * @param signedSin {@code [N, headDim]}, the sine table with its first half negated ({@link
   *     Rotary#signSin})
   * @param segments the segment plan from {@link #segments} for these N rows
   */
  public NDArray forward(NDArray x, NDArray cos, NDArray signedSin, Segments segments) {
    long n = x.getShape().get(0);
    checkArgument(n == segments.rows(), "segments cover %s rows, input has %s", segments.rows(), n);
    // [3, heads, N, hd]
    NDArray packed = qkv.forward(x).reshape(n, 3, heads, headDim).transpose(1, 2, 0, 3);
    NDList qkAndV = packed.split(new long[] {2}, 0);
    NDList qk = Rotary.applySigned(qkAndV.get(0), cos, signedSin).split(2, 0);
    // each [1, heads, N, hd]
    NDArray q = qk.get(0);
    NDArray k = qk.get(1);
    NDArray v = qkAndV.get(1);
    NDArray s = scale.get(proj.weight().getArray());
    NDArray o;
    if (segments.mask() != null || (segments.runs().length == 3 && segments.runs()[1] == 1)) {
      o = QueryChunks.attend(q, k.transpose(0, 1, 3, 2), v, s, segments.mask(), maxScoreElements);
    } else {
      int[] runs = segments.runs();
      List<NDArray> outs = new ArrayList<>();
      for (int r = 0; r < runs.length; r += 3) {
        int a = runs[r];
        int count = runs[r + 1];
        int len = runs[r + 2];
        NDIndex rows = new NDIndex(":, :, {}:{}", a, a + (long) count * len);
        Shape batched = new Shape(heads, count, len, headDim);
        NDArray qs = q.get(rows).reshape(batched);
        NDArray ks = k.get(rows).reshape(batched);
        NDArray vs = v.get(rows).reshape(batched);
        NDArray att = QueryChunks.attend(qs, ks.transpose(0, 1, 3, 2), vs, s, null, maxScoreElements);
        outs.add(att.reshape(1, heads, (long) count * len, headDim));
      }
      o = outs.size() == 1 ? outs.get(0) : NDArrays.concat(new NDList(outs), 2);
    }
    return proj.forward(o.transpose(0, 2, 1, 3).reshape(n, (long) heads * headDim));
  }

  /**
   * Plans the attention over the segments {@code [cu[k], cu[k+1])} of {@code cu[last]} rows for
   * this layer's width: a block-diagonal mask when at most {@link #MASK_MAX_ROWS} rows and the
   * masked-out work ({@code heads·headDim·2·(N² − Σ len²)} multiply-accumulates) is worth less than
   * the native ops the run-by-run path would add ({@link #MACS_PER_SAVED_OP} each); otherwise runs
   * of equal-length segments. The mask, if any, is created in {@code manager} and not registered
   * with any {@link NDScope}; the caller owns it (close the manager).
   */
  public Segments segments(int[] cu, NDManager manager) {
    checkArgument(cu.length >= 2 && cu[0] == 0, "cu_seqlens must start with 0 and have an end");
    int n = cu[cu.length - 1];
    List<int[]> runs = new ArrayList<>();
    long squares = 0;
    int nonEmpty = 0;
    for (int i = 0; i + 1 < cu.length; i++) {
      int len = cu[i + 1] - cu[i];
      checkArgument(len >= 0, "cu_seqlens %s is not ascending", java.util.Arrays.toString(cu));
      if (len == 0) {
        continue;
      }
      nonEmpty++;
      squares += (long) len * len;
      int[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
      if (last != null && last[2] == len && last[0] + last[1] * last[2] == cu[i]) {
        last[1]++;
      } else {
        runs.add(new int[] {cu[i], 1, len});
      }
    }
    int[] flat = new int[runs.size() * 3];
    for (int r = 0; r < runs.size(); r++) {
      System.arraycopy(runs.get(r), 0, flat, 3 * r, 3);
    }
    long wasted = (long) heads * headDim * 2 * ((long) n * n - squares);
    boolean masked =
        nonEmpty > 1
            && runs.size() > 1
            && n <= MASK_MAX_ROWS
            && wasted <= MACS_PER_SAVED_OP * OPS_PER_RUN * (runs.size() - 1);
    NDArray mask = null;
    if (masked) {
      float[] m = new float[n * n];
      java.util.Arrays.fill(m, AttentionMask.MASKED);
      for (int i = 0; i + 1 < cu.length; i++) {
        for (int r = cu[i]; r < cu[i + 1]; r++) {
          java.util.Arrays.fill(m, r * n + cu[i], r * n + cu[i + 1], 0f);
        }
      }
      NDArray fromJava = manager.create(m, new Shape(n, n));
      mask = fromJava.duplicate();
      fromJava.close();
      NDScope.unregister(mask);
    }
    return new Segments(n, flat, mask);
  }

  /**
   * How one layer attends within segments: over {@code rows} rows, either with an additive
   * block-diagonal {@code mask [N, N]} (not null), or run by run: {@code runs} holds triples
   * (first row, number of segments, segment length) of consecutive equal-length segments.
   *
   * @param rows N
   * @param runs (start, count, length) triples
   * @param mask the additive mask, or null
   */
  public record Segments(int rows, int[] runs, NDArray mask) {}

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    int n = (int) x.getShape().get(0);
    return new NDList(
        forward(x, inputs.get(1), inputs.get(2), new Segments(n, new int[] {0, 1, n}, null)));
  }
}
