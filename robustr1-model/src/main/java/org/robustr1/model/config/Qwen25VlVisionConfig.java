package org.robustr1.model.config;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;

/**
 * The vision tower of Qwen2.5-VL ({@code vision_config} of {@code config.json}).
 *
 * @param depth number of vision blocks (32 for 3B)
 * @param hiddenSize width of the tower (1280)
 * @param intermediateSize width of the gated MLP (3420)
 * @param numHeads attention heads (16, head dim 80)
 * @param inChannels image channels (3; the JSON key is {@code in_chans})
 * @param outHiddenSize output width of the patch merger, equal to the LM hidden size
 * @param patchSize spatial patch side in pixels (14)
 * @param spatialMergeSize side of the square of patches merged into one token (2)
 * @param temporalPatchSize frames per temporal patch (2)
 * @param windowSize window side in pixels for windowed attention (112)
 * @param fullattBlockIndexes blocks that attend over the whole image ([7, 15, 23, 31])
 * @param tokensPerSecond temporal position scale for video (2)
 * @param hiddenAct MLP activation ({@code silu})
 */
public record Qwen25VlVisionConfig(
    int depth,
    int hiddenSize,
    int intermediateSize,
    int numHeads,
    int inChannels,
    int outHiddenSize,
    int patchSize,
    int spatialMergeSize,
    int temporalPatchSize,
    int windowSize,
    ImmutableList<Integer> fullattBlockIndexes,
    int tokensPerSecond,
    String hiddenAct) {

  /** Validates the values and their consistency. */
  public Qwen25VlVisionConfig {
    requireNonNull(fullattBlockIndexes, "fullattBlockIndexes");
    requireNonNull(hiddenAct, "hiddenAct");
    checkArgument(depth > 0, "vision_config.depth must be > 0, got %s", depth);
    checkArgument(hiddenSize > 0, "vision_config.hidden_size must be > 0, got %s", hiddenSize);
    checkArgument(
        intermediateSize > 0, "vision_config.intermediate_size must be > 0, got %s", intermediateSize);
    checkArgument(numHeads > 0, "vision_config.num_heads must be > 0, got %s", numHeads);
    checkArgument(
        hiddenSize % numHeads == 0,
        "vision_config.hidden_size %s is not divisible by num_heads %s",
        hiddenSize,
        numHeads);
    checkArgument(
        (hiddenSize / numHeads) % 4 == 0,
        "vision_config head dim %s (hidden_size / num_heads) must be divisible by 4 for the 2-D RoPE",
        hiddenSize / numHeads);
    checkArgument(inChannels > 0, "vision_config.in_chans must be > 0, got %s", inChannels);
    checkArgument(outHiddenSize > 0, "vision_config.out_hidden_size must be > 0, got %s", outHiddenSize);
    checkArgument(patchSize > 0, "vision_config.patch_size must be > 0, got %s", patchSize);
    checkArgument(
        spatialMergeSize > 0, "vision_config.spatial_merge_size must be > 0, got %s", spatialMergeSize);
    checkArgument(
        temporalPatchSize > 0,
        "vision_config.temporal_patch_size must be > 0, got %s",
        temporalPatchSize);
    checkArgument(
        windowSize > 0 && windowSize % (patchSize * spatialMergeSize) == 0,
        "vision_config.window_size %s must be a positive multiple of patch_size * spatial_merge_size = %s",
        windowSize,
        patchSize * spatialMergeSize);
    for (int i : fullattBlockIndexes) {
      checkArgument(
          i >= 0 && i < depth,
          "vision_config.fullatt_block_indexes entry %s is outside [0, depth = %s)",
          i,
          depth);
    }
    fullattBlockIndexes = ImmutableList.copyOf(fullattBlockIndexes);
  }

  /** The vision tower of Qwen2.5-VL-3B-Instruct. */
  public static Qwen25VlVisionConfig qwen25Vl3B() {
    return new Qwen25VlVisionConfig(
        32, 1280, 3420, 16, 3, 2048, 14, 2, 2, 112, ImmutableList.of(7, 15, 23, 31), 2, "silu");
  }

  /** Head dimension, {@code hiddenSize / numHeads}. */
  public int headDim() {
    return hiddenSize / numHeads;
  }

  /** Length of one flattened patch, {@code inChannels * temporalPatchSize * patchSize^2} (1176). */
  public int patchDim() {
    return inChannels * temporalPatchSize * patchSize * patchSize;
  }

  /** Width of the merger input, {@code hiddenSize * spatialMergeSize^2} (5120). */
  public int mergerInputSize() {
    return hiddenSize * spatialMergeSize * spatialMergeSize;
  }

  /** Window side in merged tokens, {@code windowSize / spatialMergeSize / patchSize} (4). */
  public int windowMergedTokens() {
    return windowSize / spatialMergeSize / patchSize;
  }

  /** Whether block {@code i} uses full attention instead of windowed attention. */
  public boolean isFullAttentionBlock(int i) {
    return fullattBlockIndexes.contains(i);
  }

  /** A copy with a different output width (the LM hidden size). */
  public Qwen25VlVisionConfig withOutHiddenSize(int out) {
    return new Qwen25VlVisionConfig(
        depth, hiddenSize, intermediateSize, numHeads, inChannels, out, patchSize,
        spatialMergeSize, temporalPatchSize, windowSize, fullattBlockIndexes, tokensPerSecond,
        hiddenAct);
  }

  static Qwen25VlVisionConfig read(JsonReader r) {
    try {
      String act = r.optString("hidden_act", "silu");
      r.check("silu".equals(act), "hidden_act", "must be \"silu\" for Qwen2.5-VL, got \"" + act + "\"");
      int patch = r.has("patch_size") ? r.reqInt("patch_size") : r.optInt("spatial_patch_size", 14);
      if (r.has("spatial_patch_size")) {
        int sp = r.reqInt("spatial_patch_size");
        r.check(sp == patch, "spatial_patch_size", sp + " differs from patch_size " + patch);
      }
      int inCh = r.has("in_chans") ? r.reqInt("in_chans") : r.optInt("in_channels", 3);
      ImmutableList<Integer> full = r.optIntList("fullatt_block_indexes");
      return new Qwen25VlVisionConfig(
          r.reqInt("depth"),
          r.reqInt("hidden_size"),
          r.reqInt("intermediate_size"),
          r.reqInt("num_heads"),
          inCh,
          r.reqInt("out_hidden_size"),
          patch,
          r.optInt("spatial_merge_size", 2),
          r.optInt("temporal_patch_size", 2),
          r.optInt("window_size", 112),
          full == null ? ImmutableList.of(7, 15, 23, 31) : full,
          r.optInt("tokens_per_second", 4),
          act);
    } catch (ConfigException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(r.source() + ": " + e.getMessage(), e);
    }
  }

  void write(ObjectNode o) {
    o.put("depth", depth);
    o.put("hidden_act", hiddenAct);
    o.put("hidden_size", hiddenSize);
    o.put("intermediate_size", intermediateSize);
    o.put("num_heads", numHeads);
    o.put("in_chans", inChannels);
    o.put("out_hidden_size", outHiddenSize);
    o.put("patch_size", patchSize);
    o.put("spatial_merge_size", spatialMergeSize);
    o.put("spatial_patch_size", patchSize);
    o.put("window_size", windowSize);
    var arr = o.putArray("fullatt_block_indexes");
    fullattBlockIndexes.forEach(arr::add);
    o.put("tokens_per_second", tokensPerSecond);
    o.put("temporal_patch_size", temporalPatchSize);
  }
}
