package org.robustr1.model.qwen;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.Arrays;
import java.util.List;
import org.robustr1.model.generate.PrefixCache;

/**
 * The inputs of a teacher-forced pass over G completions of one prompt: the prompt runs once
 * (batch 1) and its keys and values are shared by the completions (batch G, right-padded to the
 * longest), whose tokens {@code 0 .. tmax-2} predict tokens {@code 1 .. tmax-1}; the prompt's last
 * position predicts token 0. Targets and the validity mask are laid out row-major over {@code [G,
 * tmax]}.
 */
final class TeacherForcing {

  final int g;
  final int s;
  final int tmax;
  /** Completion tokens in total (valid positions). */
  final int total;
  final int[] lengths;
  final long[][] promptRow;
  final int[][][] promptPos;
  final boolean[][] promptKeys;
  /** Completion input ids {@code [G][tmax-1]} (pad after each end). */
  final long[][] completionIds;
  /** M-RoPE positions of the completion inputs {@code [3][G][tmax-1]}. */
  final int[][][] completionPos;
  /** Which of the {@code s + tmax - 1} keys each completion row sees. */
  final boolean[][] completionKeys;
  /** Target id per position {@code [G·tmax]} (0 where not valid). */
  final long[] targets;
  /** 1 at valid positions, 0 after each completion's end {@code [G·tmax]}. */
  final float[] valid;

  private TeacherForcing(EncodedPrompt prompt, List<int[]> completions, int vocab, int pad) {
    checkArgument(!completions.isEmpty(), "no completions to score");
    g = completions.size();
    s = prompt.length();
    int longest = 0;
    int sum = 0;
    lengths = new int[g];
    for (int r = 0; r < g; r++) {
      int[] c = completions.get(r);
      for (int k = 0; k < c.length; k++) {
        checkArgument(
            c[k] >= 0 && c[k] < vocab,
            "completion %s, position %s: token id %s is outside the vocabulary [0, %s)",
            r,
            k,
            c[k],
            vocab);
      }
      lengths[r] = c.length;
      longest = Math.max(longest, c.length);
      sum += c.length;
    }
    checkArgument(longest > 0, "all completions are empty");
    tmax = longest;
    total = sum;
    int[] pids = prompt.rawIds();
    int[][] pp = prompt.rope().positions();
    promptRow = new long[][] {Arrays.stream(pids).asLongStream().toArray()};
    promptPos = new int[3][1][];
    for (int a = 0; a < 3; a++) {
      promptPos[a][0] = pp[a];
    }
    promptKeys = new boolean[1][s];
    Arrays.fill(promptKeys[0], true);
    int next = prompt.rope().maxPosition() + 1;
    int inputs = tmax - 1;
    completionIds = new long[g][inputs];
    completionPos = new int[3][g][inputs];
    completionKeys = new boolean[g][s + inputs];
    targets = new long[g * tmax];
    valid = new float[g * tmax];
    for (int r = 0; r < g; r++) {
      int[] c = completions.get(r);
      Arrays.fill(completionKeys[r], 0, s, true);
      for (int k = 0; k < inputs; k++) {
        completionIds[r][k] = k < c.length ? c[k] : pad;
        completionKeys[r][s + k] = k < c.length;
        for (int a = 0; a < 3; a++) {
          completionPos[a][r][k] = next + k;
        }
      }
      for (int k = 0; k < tmax; k++) {
        targets[r * tmax + k] = k < c.length ? c[k] : 0;
        valid[r * tmax + k] = k < c.length ? 1f : 0f;
      }
    }
  }

  /** The layout of {@code completions} after {@code prompt}, checking every id against the vocabulary. */
  static TeacherForcing of(EncodedPrompt prompt, List<int[]> completions, int vocab, int pad) {
    return new TeacherForcing(prompt, completions, vocab, pad);
  }

  /** Flat indices {@code r·tmax + k} of the valid positions, row-major. */
  long[] validIndices() {
    long[] out = new long[total];
    int i = 0;
    for (int r = 0; r < g; r++) {
      for (int k = 0; k < lengths[r]; k++) {
        out[i++] = (long) r * tmax + k;
      }
    }
    return out;
  }

  /**
   * The final-normed hidden states that predict each target, {@code [G, tmax, H]}, through the
   * whole decoder in the caller's grad mode (a graph to the weights when it is on).
   */
  NDArray hidden(Qwen25VlNetwork net, NDManager m, NDArray features) {
    PrefixCache prefix = new PrefixCache(net.config().text().numHiddenLayers());
    NDArray promptEmb = net.inputEmbeddings(m, promptRow, features);
    NDArray promptHidden = net.decode(m, promptEmb, promptPos, promptKeys, prefix, null);
    NDArray h = promptHidden.get(new NDIndex(":, {}:, :", s - 1)).repeat(0, g);
    if (tmax > 1) {
      NDArray emb = net.inputEmbeddings(m, completionIds, null);
      NDArray hidden = net.decode(m, emb, completionPos, completionKeys, prefix, null);
      h = h.concat(hidden, 1);
    }
    return h;
  }
}
