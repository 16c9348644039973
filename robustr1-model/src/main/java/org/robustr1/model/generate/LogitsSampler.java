package org.robustr1.model.generate;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.robustr1.model.SamplingConfig;

/**
 * Picks the next token from one row of logits with Hugging Face semantics, in Java: repetition
 * penalty on every id already in the context ({@code logit > 0 ? logit / p : logit * p}), then for
 * sampling temperature, top-k (ties with the k-th value are kept) and top-p (the smallest set of
 * most likely tokens whose mass reaches {@code p}, at least one), then a draw by inverse CDF on a
 * seeded Java RNG. Greedy decoding takes the first maximum after the penalty.
 *
 * <p>Not thread-safe: use one sampler per generation.
 */
public final class LogitsSampler {

  private final SamplingConfig config;
  private final SplittableRandom[] rngs;

  /** A sampler for {@code rows} sequences; row {@code i} draws from its own RNG stream. */
  public LogitsSampler(SamplingConfig config, int rows) {
    this.config = config;
    this.rngs = new SplittableRandom[rows];
    SplittableRandom root = new SplittableRandom(config.seed());
    for (int i = 0; i < rows; i++) {
      rngs[i] = root.split();
    }
  }

  /**
   * Picks the next token of row {@code row}.
   *
   * @param logits the raw logits (not modified)
   * @param context the ids already in the row's context (prompt and generated; pad excluded), for
   *     the repetition penalty
   */
  public int pick(int row, float[] logits, int[] context) {
    float[] x = logits.clone();
    double penalty = config.repetitionPenalty();
    if (penalty != 1.0) {
      boolean[] seen = new boolean[x.length];
      for (int id : context) {
        if (id >= 0 && id < x.length && !seen[id]) {
          seen[id] = true;
          float v = x[id];
          x[id] = (float) (v > 0 ? v / penalty : v * penalty);
        }
      }
    }
    if (config.isGreedy()) {
      return argMax(x);
    }
    float invT = (float) (1.0 / config.temperature());
    for (int i = 0; i < x.length; i++) {
      x[i] *= invT;
    }
    if (config.topK() > 0 && config.topK() < x.length) {
      float kth = kthLargest(x, config.topK());
      for (int i = 0; i < x.length; i++) {
        if (x[i] < kth) {
          x[i] = Float.NEGATIVE_INFINITY;
        }
      }
    }
    double[] p = softmax(x);
    if (config.topP() < 1.0) {
      applyTopP(p, config.topP());
    }
    double total = 0;
    for (double v : p) {
      total += v;
    }
    double u = rngs[row].nextDouble() * total;
    double acc = 0;
    int last = -1;
    for (int i = 0; i < p.length; i++) {
      if (p[i] > 0) {
        acc += p[i];
        last = i;
        if (u < acc) {
          return i;
        }
      }
    }
    return last;
  }

  /** The next uniform number in [0, 1) of row {@code row}'s stream, as {@link #pick} draws it. */
  double nextUniform(int row) {
    return rngs[row].nextDouble();
  }

  /** {@code log_softmax(logits)[id]}, computed in double. */
  public static float logProb(float[] logits, int id) {
    checkArgument(id >= 0 && id < logits.length, "id %s outside [0, %s)", id, logits.length);
    double max = Double.NEGATIVE_INFINITY;
    for (float v : logits) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (float v : logits) {
      sum += Math.exp(v - max);
    }
    return (float) (logits[id] - max - Math.log(sum));
  }

  /** The index of the first maximum. */
  public static int argMax(float[] x) {
    int best = 0;
    for (int i = 1; i < x.length; i++) {
      if (x[i] > x[best]) {
        best = i;
      }
    }
    return best;
  }

  /**
   * The value a full ascending sort ({@link Arrays#sort(float[])}, i.e. {@link Float#compare}
   * order) would put at index {@code length − k}, found with a size-k min-heap: O(n log k) instead
   * of sorting the whole vocabulary for every sampled token.
   */
  static float kthLargest(float[] x, int k) {
    float[] heap = new float[k];
    System.arraycopy(x, 0, heap, 0, k);
    for (int i = k / 2 - 1; i >= 0; i--) {
      siftDown(heap, i, k);
    }
    for (int i = k; i < x.length; i++) {
      if (Float.compare(x[i], heap[0]) > 0) {
        heap[0] = x[i];
        siftDown(heap, 0, k);
      }
    }
    return heap[0];
  }

  private static void siftDown(float[] h, int i, int n) {
    while (true) {
      int l = 2 * i + 1;
      if (l >= n) {
        return;
      }
      int m = l + 1 < n && Float.compare(h[l + 1], h[l]) < 0 ? l + 1 : l;
      if (Float.compare(h[m], h[i]) >= 0) {
        return;
      }
      float t = h[i];
      h[i] = h[m];
      h[m] = t;
      i = m;
    }
  }

  private static double[] softmax(float[] x) {
    double max = Double.NEGATIVE_INFINITY;
    for (float v : x) {
      max = Math.max(max, v);
    }
    double[] p = new double[x.length];
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      p[i] = x[i] == Float.NEGATIVE_INFINITY ? 0 : Math.exp(x[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  /** HF TopPLogitsWarper: drop ascending-sorted tokens whose cumulative mass is ≤ 1 − topP. */
  private static void applyTopP(double[] p, double topP) {
    int live = 0;
    for (double v : p) {
      if (v > 0) {
        live++;
      }
    }
    // (probability as float bits, index) packed so that a primitive sort orders by probability;
    // tokens already at 0 are removed either way and need no sorting
    long[] keys = new long[live];
    int k = 0;
    for (int i = 0; i < p.length; i++) {
      if (p[i] > 0) {
        keys[k++] = ((long) Float.floatToIntBits((float) p[i]) << 32) | i;
      }
    }
    Arrays.sort(keys);
    double cum = 0;
    for (int r = 0; r < keys.length - 1; r++) {
      int idx = (int) (keys[r] & 0xFFFFFFFFL);
      cum += p[idx];
      if (cum <= 1.0 - topP) {
        p[idx] = 0;
      } else {
        break;
      }
    }
  }
}
