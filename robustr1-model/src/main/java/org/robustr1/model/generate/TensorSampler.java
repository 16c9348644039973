package org.robustr1.model.generate;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.robustr1.model.SamplingConfig;

/**
 * Picks the next token of every row of a batch from the logits where they are computed, copying to
 * Java only what the pick needs instead of the whole vocabulary per row and token.
 *
 * <p>The semantics are {@link LogitsSampler}'s (Hugging Face order: repetition penalty, then
 * temperature, top-k, top-p and an inverse-CDF draw on each row's own seeded stream), and so is
 * every draw:
 *
 * <ul>
 *   <li>greedy: the first maximum after the penalty, computed natively;
 *   <li>top-k &gt; 0: the penalty is applied natively and the {@code k + 16} most likely tokens go
 *       to {@link LogitsSampler#pick} in vocabulary order; tokens outside them are below the k-th
 *       value, so the draw is bit-identical to one over the whole row (a row whose candidates might
 *       miss a tie at the k-th value is copied whole instead);
 *   <li>top-k = 0: temperature, softmax (float64), top-p and the inverse-CDF search run natively
 *       with the uniform number of the row's stream; equal to {@link LogitsSampler} up to the last
 *       bits of {@code exp}.
 * </ul>
 *
 * <p>Each pick also reports the log-probability of the token under the raw logits (before the
 * penalty and the temperature), as the model's scoring computes it. Not thread-safe.
 */
public final class TensorSampler implements AutoCloseable {

  /** Candidates beyond k that are copied so that ties with the k-th value are kept. */
  static final int TIE_MARGIN = 16;

  private final SamplingConfig config;
  private final LogitsSampler sampler;
  private final int rows;
  private final int vocab;
  private final NDManager manager;
  private final NDArray seen;
  private final NDArray seenRows;

  /**
   * A sampler for {@code rows} sequences over a vocabulary of {@code vocab} ids; with a repetition
   * penalty it keeps a {@code [rows, vocab]} mask of the ids seen in each row's context in a
   * manager of its own under {@code parent}.
   */
  public TensorSampler(SamplingConfig config, int rows, int vocab, NDManager parent) {
    this.config = requireNonNull(config, "config");
    checkArgument(rows > 0 && vocab > 0, "rows and vocab must be > 0");
    this.sampler = new LogitsSampler(config, rows);
    this.rows = rows;
    this.vocab = vocab;
    this.manager = parent.newSubManager();
    if (config.repetitionPenalty() == 1.0) {
      this.seen = null;
      this.seenRows = null;
    } else {
      this.seen = manager.zeros(new Shape((long) rows * vocab), DataType.FLOAT32);
      this.seenRows = seen.reshape(rows, vocab);
      NDScope.unregister(seen, seenRows);
    }
  }

  /**
   * Adds ids to the context of {@code row} (the prompt, then each picked token): the repetition
   * penalty applies to every id seen. Ids outside the vocabulary are ignored, as in {@link
   * LogitsSampler}.
   */
  public void observe(int row, int... ids) {
    if (seen == null || ids.length == 0) {
      return;
    }
    long[] flat = Arrays.stream(ids).filter(id -> id >= 0 && id < vocab).mapToLong(id -> (long) row * vocab + id).toArray();
    if (flat.length == 0) {
      return;
    }
    try (NDManager tmp = manager.newSubManager()) {
      seen.set(new NDIndex("{}", tmp.create(flat)), 1f);
    }
  }

  /**
   * Picks the next token of every row {@code r} with {@code !done[r]}.
   *
   * @param logits raw next-token logits {@code [rows, vocab]}, float32
   * @param ids receives the picked ids (rows that are done are left as they were)
   * @param logProbs receives the log-probability of each picked id under the raw logits
   */
  public void pick(NDArray logits, boolean[] done, int[] ids, float[] logProbs) {
    checkArgument(
        logits.getShape().equals(new Shape(rows, vocab)),
        "logits %s, expected [%s, %s]",
        logits.getShape(),
        rows,
        vocab);
    NDArray max = logits.max(new int[] {-1}, true);
    NDArray lseArray = logits.sub(max).exp().sum(new int[] {-1}, true).log().add(max);
    NDArray x = penalised(logits);
    if (config.isGreedy() && vocab <= EXACT_FLOAT_IDS) {
      // one device-to-host copy per step: [id, log-probability] per row, ids exact as floats
      NDArray arg = x.argMax(-1).expandDims(-1);
      NDArray lp = logits.gather(arg, -1).sub(lseArray);
      float[] both = arg.toType(DataType.FLOAT32, false).concat(lp, 1).toFloatArray();
      for (int r = 0; r < rows; r++) {
        if (!done[r]) {
          ids[r] = (int) both[2 * r];
          logProbs[r] = both[2 * r + 1];
        }
      }
      return;
    }
    if (!config.isGreedy() && config.topK() > 0 && config.topK() + TIE_MARGIN < vocab) {
      pickTopK(logits, x, lseArray, done, ids, logProbs);
      return;
    }
    float[] lse = lseArray.toFloatArray();
    if (config.isGreedy()) {
      NDArray arg = x.argMax(-1).expandDims(-1);
      report(arg.toLongArray(), logits.gather(arg, -1).toFloatArray(), lse, done, ids, logProbs);
    } else {
      pickNative(logits, x, lse, done, ids, logProbs);
    }
  }

  /** Token ids below this are exact as float32 values (2^24). */
  private static final int EXACT_FLOAT_IDS = 1 << 24;

  private NDArray penalised(NDArray logits) {
    if (seen == null) {
      return logits;
    }
    // LogitsSampler: (float) (v > 0 ? v / p : v * p), computed in double
    NDArray v = logits.toType(DataType.FLOAT64, false);
    NDArray p = v.getManager().create(config.repetitionPenalty());
    NDArray changed = NDArrays.where(v.gt(0), v.div(p), v.mul(p)).toType(DataType.FLOAT32, false);
    return NDArrays.where(seenRows.gt(0), changed, logits);
  }

  private void pickTopK(NDArray logits, NDArray x, NDArray lseArray, boolean[] done, int[] ids, float[] logProbs) {
    int k = config.topK() + TIE_MARGIN;
    NDList top = x.topK(k, -1, true, true);
    NDArray idx = top.get(1);
    // one device-to-host copy per step: per row the k candidates' values, ids (exact as floats),
    // raw logits, and the row's log-sum-exp
    float[] all =
        NDArrays.concat(new NDList(top.get(0), idx.toType(DataType.FLOAT32, false), logits.gather(idx, -1), lseArray), 1)
            .toFloatArray();
    int stride = 3 * k + 1;
    float[] vals = new float[rows * k];
    long[] ids32 = new long[rows * k];
    float[] raw = new float[rows * k];
    float[] lse = new float[rows];
    for (int r = 0; r < rows; r++) {
      int base = r * stride;
      for (int j = 0; j < k; j++) {
        vals[r * k + j] = all[base + j];
        ids32[r * k + j] = (long) all[base + k + j];
        raw[r * k + j] = all[base + 2 * k + j];
      }
      lse[r] = all[base + 3 * k];
    }
    long[] cand = vocab > EXACT_FLOAT_IDS ? idx.toLongArray() : ids32;
    float invT = (float) (1.0 / config.temperature());
    for (int r = 0; r < rows; r++) {
      if (done[r]) {
        continue;
      }
      int off = r * k;
      // ascending vocabulary order, as the full-row draw visits the tokens
      Integer[] order = new Integer[k];
      for (int j = 0; j < k; j++) {
        order[j] = j;
      }
      Arrays.sort(order, (a, b) -> Long.compare(cand[off + a], cand[off + b]));
      float[] compact = new float[k];
      float[] scaled = new float[k];
      for (int j = 0; j < k; j++) {
        compact[j] = vals[off + order[j]];
        scaled[j] = compact[j] * invT;
      }
      float kth = LogitsSampler.kthLargest(scaled, config.topK());
      int j;
      if (vals[off + k - 1] * invT >= kth) {
        // a token outside the candidates may tie with the k-th value: draw over the whole row
        float[] row = x.get(r).toFloatArray();
        int tok = sampler.pick(r, row, new int[0]);
        ids[r] = tok;
        logProbs[r] = logits.get(r, tok).getFloat() - lse[r];
        continue;
      }
      j = order[sampler.pick(r, compact, new int[0])];
      ids[r] = (int) cand[off + j];
      logProbs[r] = raw[off + j] - lse[r];
    }
  }

  private void pickNative(NDArray logits, NDArray x, float[] lse, boolean[] done, int[] ids, float[] logProbs) {
    NDManager m = logits.getManager();
    NDArray scaled = x.mul(m.create((float) (1.0 / config.temperature())));
    if (config.topK() > 0) {
      // fewer than k + margin ids: plain top-k on the whole row
      NDArray kth = scaled.topK(config.topK(), -1, true, true).get(0).get(new NDIndex(":, {}:", config.topK() - 1));
      scaled = NDArrays.where(scaled.lt(kth.repeat(1, vocab)), m.full(scaled.getShape(), Float.NEGATIVE_INFINITY), scaled);
    }
    NDArray d = scaled.toType(DataType.FLOAT64, false);
    NDArray e = d.sub(d.max(new int[] {-1}, true)).exp();
    NDArray p = e.div(e.cumSum(1).get(new NDIndex(":, {}:", vocab - 1)).repeat(1, vocab));
    if (config.topP() < 1.0) {
      // LogitsSampler.applyTopP: ascending order, drop while the cumulative mass is <= 1 - topP,
      // the most likely token always stays
      // LogitsSampler orders by (probability as float, id): equal floats are spread by their id
      // by less than the gap between two floats
      NDArray spread = m.arange(0, vocab, 1, DataType.FLOAT64).mul(m.create(Math.scalb(1.0, -25) / vocab)).add(m.create(1.0));
      NDArray key = p.toType(DataType.FLOAT32, false).toType(DataType.FLOAT64, false).mul(spread.reshape(1, vocab).repeat(0, rows));
      NDArray order = key.argSort(1, true);
      NDArray drop = p.gather(order, 1).cumSum(1).lte(m.create(1.0 - config.topP()));
      drop = drop.logicalAnd(m.arange(0, vocab, 1, DataType.INT64).reshape(1, vocab).repeat(0, rows).lt(vocab - 1));
      NDArray dropped = m.zeros(p.getShape(), DataType.FLOAT64).scatter(order, drop.toType(DataType.FLOAT64, false), 1);
      p = p.mul(dropped.neg().add(1));
    }
    double[] u = new double[rows];
    for (int r = 0; r < rows; r++) {
      u[r] = done[r] ? 0 : sampler.nextUniform(r);
    }
    NDArray cum = p.cumSum(1);
    NDArray target = cum.get(new NDIndex(":, {}:", vocab - 1)).mul(m.create(u, new Shape(rows, 1)));
    NDArray below = cum.lte(target.repeat(1, vocab)).toType(DataType.INT64, false).sum(new int[] {1}, true);
    // past the end (rounding): the last token with mass, as LogitsSampler does
    NDArray lastLive = p.gt(0).toType(DataType.INT64, false).mul(m.arange(1, vocab + 1, 1, DataType.INT64).reshape(1, vocab)).max(new int[] {1}, true).sub(1);
    NDArray pick = below.minimum(lastLive);
    report(pick.toLongArray(), logits.gather(pick, -1).toFloatArray(), lse, done, ids, logProbs);
  }

  private static void report(long[] picked, float[] raw, float[] lse, boolean[] done, int[] ids, float[] logProbs) {
    for (int r = 0; r < picked.length; r++) {
      if (!done[r]) {
        ids[r] = (int) picked[r];
        logProbs[r] = raw[r] - lse[r];
      }
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
