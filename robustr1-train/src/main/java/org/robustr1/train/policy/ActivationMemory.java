package org.robustr1.train.policy;

import org.robustr1.model.config.Qwen25VlTextConfig;
import org.robustr1.model.qwen.ScoringOptions;

/**
 * The activation memory of scoring completions with Qwen2.5-VL's language model, as this
 * implementation keeps it: what {@link QwenPolicy} reports to size GRPO's passes, and what {@link
 * org.robustr1.train.memory.MemoryEstimate} adds up. Sizes are in bytes for {@code a}-byte
 * activations (4 for float32).
 */
public final class ActivationMemory {

  private ActivationMemory() {}

  /**
   * The activation memory of one training forward and backward pass over {@code completions}
   * completions of {@code len} tokens after a prompt of {@code prompt} tokens: with checkpointing,
   * every layer's input plus one layer recomputed with its backward; without, what autograd keeps
   * for every layer plus one layer's backward; and the log-softmax chunks with the LM head's dense
   * gradient.
   */
  public static long trainingBytes(Qwen25VlTextConfig t, long prompt, long len, long completions, ScoringOptions options, int a) {
    long tokens = prompt + completions * len;
    long layers = t.numHiddenLayers();
    long att = attentionScores(t, prompt, len, completions);
    long mask = completions * len * (prompt + len) * 4;
    long layerPeak = (7 * att + 5 * tokens * t.intermediateSize() + 24 * tokens * t.hiddenSize()) * a;
    long kept =
        options.gradientCheckpointing()
            ? (layers + 1) * tokens * t.hiddenSize() * a + layerPeak
            : layers * (att + 3 * tokens * t.intermediateSize() + 12 * tokens * t.hiddenSize()) * a + 3 * att * a;
    long chunk = Math.min(options.chunkTokens(), completions * len);
    long head = 4 * chunk * t.vocabSize() * 4 + (long) t.vocabSize() * t.hiddenSize() * 4;
    return kept + mask + head + 4 * tokens * t.hiddenSize() * 4;
  }

  /** Attention-score elements of one layer: the completions over prompt + themselves, and the prompt. */
  public static long attentionScores(Qwen25VlTextConfig t, long prompt, long len, long completions) {
    return t.numAttentionHeads() * (completions * len * (prompt + len) + prompt * prompt);
  }
}
