package org.robustr1.model.qwen;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * How {@link Qwen25VlModel#score(EncodedPrompt, java.util.List, ScoringOptions)} bounds its memory.
 *
 * @param chunkTokens positions whose vocabulary log-softmax is computed at once (each chunk holds
 *     a few {@code [chunkTokens, vocab]} float arrays)
 * @param gradientCheckpointing in grad mode, keep only each decoder layer's input and recompute the
 *     layer during backward, instead of keeping every intermediate of every layer
 */
public record ScoringOptions(int chunkTokens, boolean gradientCheckpointing) {

  /** Positions per log-softmax chunk by default: 256 × 151,936 × 4 B ≈ 156 MB per array. */
  public static final int DEFAULT_CHUNK_TOKENS = 256;

  /** Validates. */
  public ScoringOptions {
    checkArgument(chunkTokens >= 1, "chunkTokens must be >= 1, got %s", chunkTokens);
  }

  /** {@value #DEFAULT_CHUNK_TOKENS} positions per chunk, no checkpointing. */
  public static ScoringOptions defaults() {
    return new ScoringOptions(DEFAULT_CHUNK_TOKENS, false);
  }

  /** A copy with gradient checkpointing on or off. */
  public ScoringOptions withGradientCheckpointing(boolean on) {
    return new ScoringOptions(chunkTokens, on);
  }

  /** A copy with another chunk size. */
  public ScoringOptions withChunkTokens(int tokens) {
    return new ScoringOptions(tokens, gradientCheckpointing);
  }
}
