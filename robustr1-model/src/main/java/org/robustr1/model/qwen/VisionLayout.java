package org.robustr1.model.qwen;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The index bookkeeping of the Qwen2.5-VL vision tower for a list of images, computed in Java:
 * HF's {@code get_window_index} (window order of merged tokens, window boundaries in patch units
 * after {@code unique_consecutive}, including the "pad = full window" quirk), the full-attention
 * boundaries {@code cu_seqlens} (one segment per image frame) and the per-patch (h, w) coordinates
 * of the 2-D rotary embedding in {@code pixel_values} row order.
 *
 * @param windowIndex merged-token permutation into window order (length = patches / merge²)
 * @param cuWindowSeqlens window boundaries in patches, deduplicated, starting at 0
 * @param cuSeqlens image-frame boundaries in patches, starting at 0
 * @param hpos per patch (row order) its row in patch units
 * @param wpos per patch (row order) its column in patch units
 */
public record VisionLayout(
    int[] windowIndex, int[] cuWindowSeqlens, int[] cuSeqlens, int[] hpos, int[] wpos) {

  /** Total patches. */
  public int patches() {
    return hpos.length;
  }

  /**
   * Computes the layout.
   *
   * @param gridThw per image {@code [t, h, w]} in patches (h, w divisible by {@code merge})
   * @param merge spatial merge size (2)
   * @param windowTokens window side in merged tokens ({@code window_size / merge / patch_size})
   */
  public static VisionLayout compute(List<int[]> gridThw, int merge, int windowTokens) {
    checkArgument(merge > 0 && windowTokens > 0, "merge and window must be > 0");
    int unit = merge * merge;
    List<Integer> windowIdx = new ArrayList<>();
    List<Integer> cuWin = new ArrayList<>();
    cuWin.add(0);
    List<Integer> cu = new ArrayList<>();
    cu.add(0);
    int total = 0;
    for (int[] g : gridThw) {
      checkArgument(g.length == 3, "grid_thw rows must have 3 entries");
      checkArgument(g[0] > 0 && g[1] > 0 && g[2] > 0, "grid_thw %s must be positive", Arrays.toString(g));
      checkArgument(
          g[1] % merge == 0 && g[2] % merge == 0,
          "grid_thw %s: h and w must be divisible by the merge size %s",
          Arrays.toString(g),
          merge);
      total += g[0] * g[1] * g[2];
    }
    int[] hpos = new int[total];
    int[] wpos = new int[total];
    int rowOffset = 0;
    int tokenOffset = 0;
    for (int[] g : gridThw) {
      int t = g[0];
      int h = g[1];
      int w = g[2];
      int lh = h / merge;
      int lw = w / merge;
      int padH = windowTokens - lh % windowTokens;
      int padW = windowTokens - lw % windowTokens;
      int nwh = (lh + padH) / windowTokens;
      int nww = (lw + padW) / windowTokens;
      for (int ti = 0; ti < t; ti++) {
        for (int wh = 0; wh < nwh; wh++) {
          for (int ww = 0; ww < nww; ww++) {
            int count = 0;
            for (int r = 0; r < windowTokens; r++) {
              int y = wh * windowTokens + r;
              if (y >= lh) {
                continue;
              }
              for (int c = 0; c < windowTokens; c++) {
                int x = ww * windowTokens + c;
                if (x >= lw) {
                  continue;
                }
                windowIdx.add(tokenOffset + (ti * lh + y) * lw + x);
                count++;
              }
            }
            cuWin.add(cuWin.get(cuWin.size() - 1) + count * unit);
          }
        }
        cu.add(cu.get(cu.size() - 1) + h * w);
      }
      // rotary coordinates in pixel_values row order (t, hb, wb, mh, mw)
      for (int ti = 0; ti < t; ti++) {
        for (int hb = 0; hb < lh; hb++) {
          for (int wb = 0; wb < lw; wb++) {
            for (int mh = 0; mh < merge; mh++) {
              for (int mw = 0; mw < merge; mw++) {
                hpos[rowOffset] = hb * merge + mh;
                wpos[rowOffset] = wb * merge + mw;
                rowOffset++;
              }
            }
          }
        }
      }
      tokenOffset += t * lh * lw;
    }
    List<Integer> dedup = new ArrayList<>();
    for (int v : cuWin) {
      if (dedup.isEmpty() || dedup.get(dedup.size() - 1) != v) {
        dedup.add(v);
      }
    }
    return new VisionLayout(
        windowIdx.stream().mapToInt(Integer::intValue).toArray(),
        dedup.stream().mapToInt(Integer::intValue).toArray(),
        cu.stream().mapToInt(Integer::intValue).toArray(),
        hpos,
        wpos);
  }

  /** The inverse permutation of {@link #windowIndex()} (HF's {@code argsort(window_index)}). */
  public int[] reverseIndex() {
    int[] rev = new int[windowIndex.length];
    for (int i = 0; i < windowIndex.length; i++) {
      rev[windowIndex[i]] = i;
    }
    return rev;
  }

  /** The patch-row permutation into window order (each merged token's {@code merge²} rows). */
  public long[] patchOrder(int unit) {
    long[] order = new long[windowIndex.length * unit];
    for (int i = 0; i < windowIndex.length; i++) {
      for (int u = 0; u < unit; u++) {
        order[i * unit + u] = (long) windowIndex[i] * unit + u;
      }
    }
    return order;
  }
}
