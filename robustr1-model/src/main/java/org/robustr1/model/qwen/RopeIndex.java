package org.robustr1.model.qwen;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.List;

/**
 * HF's {@code get_rope_index} for images: the three M-RoPE position streams (t, h, w) of one
 * sequence. Text advances all three streams together; the merged tokens of an image get {@code
 * (start, start + row, start + col)}; text after an image resumes at one past the largest position
 * so far.
 *
 * @param positions {@code [3][len]} positions of the (unpadded) tokens
 * @param maxPosition the largest position of any stream (−1 for an empty sequence)
 */
public record RopeIndex(int[][] positions, int maxPosition) {

  /**
   * Computes positions of one unpadded sequence.
   *
   * @param ids the token ids
   * @param grids the {@code [t, h, w]} grids (patch units) of the images of this sequence, in order
   * @param imageTokenId the {@code <|image_pad|>} id
   * @param visionStartTokenId the {@code <|vision_start|>} id
   * @param merge the spatial merge size
   * @throws IllegalArgumentException if the image tokens do not match the grids
   */
  public static RopeIndex compute(
      int[] ids, List<int[]> grids, int imageTokenId, int visionStartTokenId, int merge) {
    int n = ids.length;
    int[][] pos = new int[3][n];
    int images = 0;
    for (int i = 0; i + 1 < n; i++) {
      if (ids[i] == visionStartTokenId && ids[i + 1] == imageTokenId) {
        images++;
      }
    }
    checkArgument(
        images == grids.size(),
        "the prompt has %s images (<|vision_start|><|image_pad|>) but %s image grids were given",
        images,
        grids.size());
    int st = 0;
    int next = 0;
    for (int img = 0; img < images; img++) {
      int ed = st;
      while (ed < n && ids[ed] != imageTokenId) {
        ed++;
      }
      checkArgument(ed < n, "image %s has no <|image_pad|> token", img);
      int[] g = grids.get(img);
      int lt = g[0];
      int lh = g[1] / merge;
      int lw = g[2] / merge;
      int textLen = ed - st;
      for (int i = 0; i < textLen; i++) {
        for (int a = 0; a < 3; a++) {
          pos[a][st + i] = next + i;
        }
      }
      int base = next + textLen;
      int tokens = lt * lh * lw;
      checkArgument(
          ed + tokens <= n, "image %s needs %s <|image_pad|> tokens past position %s", img, tokens, ed);
      int k = ed;
      int maxHere = base;
      for (int t = 0; t < lt; t++) {
        for (int y = 0; y < lh; y++) {
          for (int x = 0; x < lw; x++) {
            checkArgument(
                ids[k] == imageTokenId,
                "image %s expects %s <|image_pad|> tokens from position %s, found id %s at %s",
                img,
                tokens,
                ed,
                ids[k],
                k);
            pos[0][k] = base; // images: second_per_grid_t = 0
            pos[1][k] = base + y;
            pos[2][k] = base + x;
            maxHere = Math.max(maxHere, Math.max(base + y, base + x));
            k++;
          }
        }
      }
      next = maxHere + 1;
      st = ed + tokens;
    }
    for (int i = st; i < n; i++) {
      for (int a = 0; a < 3; a++) {
        pos[a][i] = next + (i - st);
      }
    }
    int max = -1;
    for (int[] p : pos) {
      max = Math.max(max, Arrays.stream(p).max().orElse(-1));
    }
    return new RopeIndex(pos, max);
  }

  /** {@code rope_delta} of a row padded to {@code paddedLength}: {@code max + 1 − paddedLength}. */
  public int ropeDelta(int paddedLength) {
    return maxPosition + 1 - paddedLength;
  }
}
