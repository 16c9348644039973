package org.robustr1.model.qwen;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.Arrays;
import java.util.List;
import org.robustr1.model.generate.PrefixCache;

/**
 * The inputs of a teacher-forced pass over G completions: either of one prompt, which runs once
 * (batch 1) and whose keys and values the completions share, or of G prompts, one per completion,
 * left-padded to the longest and run as one batch whose row r the completion r continues. The
 * completions (batch G, right-padded to the longest) use tokens {@code 0 .. tmax-2} to predict
 * tokens {@code 1 .. tmax-1}; a prompt's last position predicts token 0. Targets and the validity
 * mask are laid out row-major over {@code [G, tmax]}.
 */
final class TeacherForcing {

  final int g;
  /** Prompt rows: 1 (shared by every completion) or {@code g} (one per completion). */
  final int p;
  /** Length of the (left-padded) prompt rows. */
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

  private TeacherForcing(List<EncodedPrompt> prompts, List<int[]> completions, int vocab, int pad) {
    checkArgument(!completions.isEmpty(), "no completions to score");
    g = completions.size();
    p = prompts.size();
    checkArgument(
        p == 1 || p == g, "%s prompts for %s completions: give one prompt, or one prompt per completion", p, g);
    int longestPrompt = 0;
    for (EncodedPrompt e : prompts) {
      longestPrompt = Math.max(longestPrompt, e.length());
    }
    s = longestPrompt;
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
    promptRow = new long[p][s];
    promptPos = new int[3][p][s];
    promptKeys = new boolean[p][s];
    int[] next = new int[p];
    for (int r = 0; r < p; r++) {
      EncodedPrompt e = prompts.get(r);
      int off = s - e.length();
      int[] pids = e.rawIds();
      int[][] pp = e.rope().positions();
      Arrays.fill(promptRow[r], 0, off, pad);
      for (int a = 0; a < 3; a++) {
        Arrays.fill(promptPos[a][r], 0, off, 1);
        System.arraycopy(pp[a], 0, promptPos[a][r], off, e.length());
      }
      for (int j = 0; j < e.length(); j++) {
        promptRow[r][off + j] = pids[j];
      }
      Arrays.fill(promptKeys[r], off, s, true);
      next[r] = e.rope().maxPosition() + 1;
    }
    int inputs = tmax - 1;
    completionIds = new long[g][inputs];
    completionPos = new int[3][g][inputs];
    completionKeys = new boolean[g][s + inputs];
    targets = new long[g * tmax];
    valid = new float[g * tmax];
    for (int r = 0; r < g; r++) {
      int[] c = completions.get(r);
      int pr = p == 1 ? 0 : r;
      System.arraycopy(promptKeys[pr], 0, completionKeys[r], 0, s);
      for (int k = 0; k < inputs; k++) {
        completionIds[r][k] = k < c.length ? c[k] : pad;
        completionKeys[r][s + k] = k < c.length;
        for (int a = 0; a < 3; a++) {
          completionPos[a][r][k] = next[pr] + k;
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
    return new TeacherForcing(List.of(prompt), completions, vocab, pad);
  }

  /**
   * The layout of completion r after prompt r ({@code prompts} and {@code completions} of equal
   * size, or one prompt for all), checking every id against the vocabulary.
   */
  static TeacherForcing of(List<EncodedPrompt> prompts, List<int[]> completions, int vocab, int pad) {
    return new TeacherForcing(prompts, completions, vocab, pad);
  }

  /**
   * The vision features of {@code prompts} in row order, {@code [imageTokens, hidden]} (owned by
   * the caller when there are several), or null when none has an image.
   */
  static NDArray features(List<EncodedPrompt> prompts) {
    NDList parts = new NDList();
    for (EncodedPrompt e : prompts) {
      if (e.features() != null) {
        parts.add(e.features());
      }
    }
    if (parts.size() <= 1) {
      return parts.isEmpty() ? null : parts.head();
    }
    return NDArrays.concat(parts, 0);
  }

  /**
   * The hidden state of each prompt row's last position, {@code [G, 1, H]}: the one prompt's
   * repeated for every completion, or row r's for completion r.
   */
  NDArray lastPromptPosition(NDArray promptHidden) {
    NDArray last = promptHidden.get(new NDIndex(":, {}:, :", s - 1));
    return p == 1 && g > 1 ? last.repeat(0, g) : last;
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
    NDArray h = lastPromptPosition(promptHidden);
    if (tmax > 1) {
      NDArray emb = net.inputEmbeddings(m, completionIds, null);
      NDArray hidden = net.decode(m, emb, completionPos, completionKeys, prefix, null);
      h = h.concat(hidden, 1);
    }
    return h;
  }
}
