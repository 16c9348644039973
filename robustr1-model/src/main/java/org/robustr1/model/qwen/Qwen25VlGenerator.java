package org.robustr1.model.qwen;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.config.GenerationConfig;
import org.robustr1.model.config.Qwen25VlConfig;
import org.robustr1.model.generate.AttentionCache;
import org.robustr1.model.generate.KvCache;
import org.robustr1.model.generate.TensorSampler;
import org.robustr1.model.generate.TokenListener;
import org.robustr1.model.qwen.Qwen25VlModel.GeneratedIds;
import org.robustr1.model.nn.GradMode;

/**
 * Batched generation for {@link Qwen25VlModel}: left padding, a preallocated KV cache on the
 * model's device in the model's precision, and the pick made where the logits are ({@link
 * TensorSampler}): per decode step the host sends the new token ids and their rotary positions and
 * receives the picked ids with their log-probabilities (one copy for greedy decoding). Runs without
 * grad and releases each step's arrays.
 */
final class Qwen25VlGenerator {

  private final Qwen25VlNetwork net;
  private final NDManager manager;
  private final Qwen25VlConfig config;
  private final GenerationConfig generation;

  Qwen25VlGenerator(Qwen25VlNetwork net, NDManager manager, GenerationConfig generation) {
    this.net = net;
    this.manager = manager;
    this.config = net.config();
    this.generation = generation;
  }

  /** See {@link Qwen25VlModel#generateIds}. */
  List<GeneratedIds> generate(
      List<EncodedPrompt> prompts, SamplingConfig sampling, boolean useCache, TokenListener listener) {
    return GradMode.noGrad(() -> generateNoGrad(prompts, sampling, useCache, listener));
  }

  private List<GeneratedIds> generateNoGrad(
      List<EncodedPrompt> prompts, SamplingConfig sampling, boolean useCache, TokenListener listener) {
    checkArgument(!prompts.isEmpty(), "no prompts");
    int b = prompts.size();
    int maxNew = sampling.maxNewTokens();
    int l = 0;
    for (EncodedPrompt p : prompts) {
      l = Math.max(l, p.length());
    }
    int pad = generation.padTokenId();
    Set<Integer> stops = new HashSet<>(generation.eosTokenIds());
    int cap = l + maxNew;
    long[][] ids = new long[b][cap];
    boolean[][] keys = new boolean[b][cap];
    int[][][] pos = new int[3][b][cap];
    int[] delta = new int[b];
    List<NDArray> feats = new ArrayList<>();
    for (int r = 0; r < b; r++) {
      EncodedPrompt p = prompts.get(r);
      int off = l - p.length();
      int[] pids = p.rawIds();
      int[][] pp = p.rope().positions();
      for (int j = 0; j < l; j++) {
        if (j < off) {
          ids[r][j] = pad;
          for (int a = 0; a < 3; a++) {
            pos[a][r][j] = 1;
          }
        } else {
          ids[r][j] = pids[j - off];
          keys[r][j] = true;
          for (int a = 0; a < 3; a++) {
            pos[a][r][j] = pp[a][j - off];
          }
        }
      }
      delta[r] = p.rope().ropeDelta(l);
      if (p.features() != null) {
        feats.add(p.features());
      }
    }
    List<List<Integer>> outIds = new ArrayList<>();
    List<List<Float>> outLp = new ArrayList<>();
    for (int r = 0; r < b; r++) {
      outIds.add(new ArrayList<>());
      outLp.add(new ArrayList<>());
    }
    boolean[] done = new boolean[b];
    int[] next = new int[b];
    float[] nextLp = new float[b];
    KvCache cache =
        useCache
            ? new KvCache(
                manager,
                config.text().numHiddenLayers(),
                b,
                config.text().numKeyValueHeads(),
                config.text().headDim(),
                cap,
                net.lmHeadWeight().getDataType())
            : null;
    // the pick runs where the logits are: only the chosen ids (and, for top-k, k + 16 candidates
    // per row) come back to Java
    try (TensorSampler sampler = new TensorSampler(sampling, b, config.text().vocabSize(), manager)) {
      for (int r = 0; r < b; r++) {
        sampler.observe(r, prompts.get(r).rawIds());
      }
      try (NDScope scope = new NDScope()) {
        sampler.pick(lastLogits(slice(ids, 0, l), features(feats), slice(pos, 0, l), slice(keys, l), cache), done, next, nextLp);
      }
      for (int step = 0; step < maxNew; step++) {
        int cur = l + step;
        boolean all = true;
        for (int r = 0; r < b; r++) {
          int tok;
          if (done[r]) {
            tok = pad;
          } else {
            tok = next[r];
            outLp.get(r).add(nextLp[r]);
            outIds.get(r).add(tok);
            sampler.observe(r, tok);
            boolean stop = stops.contains(tok);
            if (listener != null && !listener.onToken(r, tok, stop)) {
              done[r] = true;
            }
            if (stop) {
              done[r] = true;
            }
          }
          all &= done[r];
          ids[r][cur] = tok;
          keys[r][cur] = true;
          for (int a = 0; a < 3; a++) {
            pos[a][r][cur] = cur + delta[r];
          }
        }
        if (all || step == maxNew - 1) {
          break;
        }
        try (NDScope scope = new NDScope()) {
          NDArray logits;
          if (useCache) {
            logits = lastLogits(slice(ids, cur, cur + 1), null, slice(pos, cur, cur + 1), slice(keys, cur + 1), cache);
          } else {
            logits = lastLogits(slice(ids, 0, cur + 1), features(feats), slice(pos, 0, cur + 1), slice(keys, cur + 1), null);
          }
          sampler.pick(logits, done, next, nextLp);
        }
      }
    } finally {
      if (cache != null) {
        cache.close();
      }
    }
    List<GeneratedIds> out = new ArrayList<>();
    for (int r = 0; r < b; r++) {
      float[] lp = new float[outLp.get(r).size()];
      for (int i = 0; i < lp.length; i++) {
        lp[i] = outLp.get(r).get(i);
      }
      out.add(
          new GeneratedIds(
              prompts.get(r).ids(),
              outIds.get(r).stream().mapToInt(Integer::intValue).toArray(),
              lp));
    }
    return out;
  }

  private static NDArray features(List<NDArray> feats) {
    return feats.isEmpty() ? null : feats.size() == 1 ? feats.get(0) : NDArrays.concat(new NDList(feats), 0);
  }

  /** Last-position logits {@code [B, vocab]} of a decoder pass, in fp32 whatever the model's precision. */
  private NDArray lastLogits(long[][] ids, NDArray feats, int[][][] pos, boolean[][] keys, AttentionCache cache) {
    NDArray emb = net.inputEmbeddings(manager, ids, feats);
    NDArray hidden = net.decode(manager, emb, pos, keys, cache, null);
    long s = hidden.getShape().get(1);
    NDArray logits = net.logits(hidden.get(new NDIndex(":, {}, :", s - 1)));
    return logits.getDataType() == DataType.FLOAT32 ? logits : logits.toType(DataType.FLOAT32, false);
  }

  private static long[][] slice(long[][] a, int from, int to) {
    long[][] o = new long[a.length][];
    for (int i = 0; i < a.length; i++) {
      o[i] = Arrays.copyOfRange(a[i], from, to);
    }
    return o;
  }

  private static boolean[][] slice(boolean[][] a, int to) {
    boolean[][] o = new boolean[a.length][];
    for (int i = 0; i < a.length; i++) {
      o[i] = Arrays.copyOf(a[i], to);
    }
    return o;
  }

  private static int[][][] slice(int[][][] a, int from, int to) {
    int[][][] o = new int[a.length][a[0].length][];
    for (int x = 0; x < a.length; x++) {
      for (int i = 0; i < a[0].length; i++) {
        o[x][i] = Arrays.copyOfRange(a[x][i], from, to);
      }
    }
    return o;
  }
}
