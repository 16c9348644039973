package org.robustr1.model.config;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;

/**
 * The language model of Qwen2.5-VL (a Qwen2 decoder with multimodal RoPE): the top-level fields of
 * the published {@code config.json}, or its {@code text_config} in the nested layout.
 *
 * @param vocabSize embedding rows (151936 for 3B)
 * @param hiddenSize model width (2048)
 * @param intermediateSize MLP width (11008)
 * @param numHiddenLayers decoder layers (36)
 * @param numAttentionHeads query heads (16)
 * @param numKeyValueHeads key/value heads (2); query head {@code h} uses kv head {@code h / (heads
 *     / kvHeads)}
 * @param hiddenAct MLP activation ({@code silu})
 * @param maxPositionEmbeddings maximum positions (128000)
 * @param rmsNormEps RMSNorm epsilon (1e-6)
 * @param ropeTheta RoPE base (1e6)
 * @param mropeSection M-RoPE split of the {@code headDim / 2} frequencies into t, h, w ([16, 24,
 *     24])
 * @param tieWordEmbeddings whether the LM head reuses {@code model.embed_tokens.weight}
 * @param attentionDropout attention dropout (0)
 * @param initializerRange std of the normal initialiser (0.02)
 * @param slidingWindow sliding window length (unused when {@code useSlidingWindow} is false)
 * @param useSlidingWindow whether sliding-window attention is on (false for Qwen2.5-VL)
 * @param maxWindowLayers layers using the sliding window when it is on
 */
public record Qwen25VlTextConfig(
    int vocabSize,
    int hiddenSize,
    int intermediateSize,
    int numHiddenLayers,
    int numAttentionHeads,
    int numKeyValueHeads,
    String hiddenAct,
    int maxPositionEmbeddings,
    double rmsNormEps,
    double ropeTheta,
    ImmutableList<Integer> mropeSection,
    boolean tieWordEmbeddings,
    double attentionDropout,
    double initializerRange,
    int slidingWindow,
    boolean useSlidingWindow,
    int maxWindowLayers) {

  /** Validates the values and their consistency. */
  public Qwen25VlTextConfig {
    requireNonNull(hiddenAct, "hiddenAct");
    requireNonNull(mropeSection, "mropeSection");
    checkArgument(vocabSize > 0, "vocab_size must be > 0, got %s", vocabSize);
    checkArgument(hiddenSize > 0, "hidden_size must be > 0, got %s", hiddenSize);
    checkArgument(intermediateSize > 0, "intermediate_size must be > 0, got %s", intermediateSize);
    checkArgument(numHiddenLayers > 0, "num_hidden_layers must be > 0, got %s", numHiddenLayers);
    checkArgument(numAttentionHeads > 0, "num_attention_heads must be > 0, got %s", numAttentionHeads);
    checkArgument(numKeyValueHeads > 0, "num_key_value_heads must be > 0, got %s", numKeyValueHeads);
    checkArgument(
        hiddenSize % numAttentionHeads == 0,
        "hidden_size %s is not divisible by num_attention_heads %s",
        hiddenSize,
        numAttentionHeads);
    checkArgument(
        numAttentionHeads % numKeyValueHeads == 0,
        "num_attention_heads %s is not divisible by num_key_value_heads %s",
        numAttentionHeads,
        numKeyValueHeads);
    int headDim = hiddenSize / numAttentionHeads;
    checkArgument(headDim % 2 == 0, "head dim %s (hidden_size / num_attention_heads) must be even", headDim);
    checkArgument(
        mropeSection.size() == 3,
        "rope_scaling.mrope_section must have 3 entries (t, h, w), got %s",
        mropeSection);
    int sum = 0;
    for (int s : mropeSection) {
      checkArgument(s >= 0, "rope_scaling.mrope_section entries must be >= 0, got %s", mropeSection);
      sum += s;
    }
    checkArgument(
        sum * 2 == headDim,
        "rope_scaling.mrope_section %s sums to %s but head dim / 2 is %s",
        mropeSection,
        sum,
        headDim / 2);
    checkArgument(rmsNormEps > 0, "rms_norm_eps must be > 0, got %s", rmsNormEps);
    checkArgument(ropeTheta > 0, "rope_theta must be > 0, got %s", ropeTheta);
    checkArgument(maxPositionEmbeddings > 0, "max_position_embeddings must be > 0, got %s", maxPositionEmbeddings);
    mropeSection = ImmutableList.copyOf(mropeSection);
  }

  /** The language model of Qwen2.5-VL-3B-Instruct. */
  public static Qwen25VlTextConfig qwen25Vl3B() {
    return new Qwen25VlTextConfig(
        151936, 2048, 11008, 36, 16, 2, "silu", 128000, 1e-6, 1_000_000.0,
        ImmutableList.of(16, 24, 24), true, 0.0, 0.02, 32768, false, 70);
  }

  /** Head dimension, {@code hiddenSize / numAttentionHeads}. */
  public int headDim() {
    return hiddenSize / numAttentionHeads;
  }

  /** Query heads per key/value head. */
  public int numKeyValueGroups() {
    return numAttentionHeads / numKeyValueHeads;
  }

  /** Width of the k and v projections, {@code numKeyValueHeads * headDim}. */
  public int keyValueSize() {
    return numKeyValueHeads * headDim();
  }

  static Qwen25VlTextConfig read(JsonReader r) {
    try {
      String act = r.optString("hidden_act", "silu");
      r.check("silu".equals(act), "hidden_act", "must be \"silu\" for Qwen2.5-VL, got \"" + act + "\"");
      JsonReader rope = r.child("rope_scaling", null);
      JsonReader ropeParams = r.child("rope_parameters", null);
      ImmutableList<Integer> section = null;
      if (rope != null) {
        section = rope.optIntList("mrope_section");
        String type = rope.optString("type", rope.optString("rope_type", "default"));
        rope.check(
            type.equals("mrope") || type.equals("default"),
            "type",
            "must be \"mrope\" or \"default\" (no other RoPE scaling is supported), got \"" + type + "\"");
      }
      if (section == null && ropeParams != null) {
        section = ropeParams.optIntList("mrope_section");
      }
      if (section == null) {
        throw r.error("rope_scaling.mrope_section", "is missing (Qwen2.5-VL needs the M-RoPE split)");
      }
      double theta =
          r.has("rope_theta")
              ? r.reqDouble("rope_theta")
              : ropeParams != null ? ropeParams.optDouble("rope_theta", 1_000_000.0) : 1_000_000.0;
      return new Qwen25VlTextConfig(
          r.reqInt("vocab_size"),
          r.reqInt("hidden_size"),
          r.reqInt("intermediate_size"),
          r.reqInt("num_hidden_layers"),
          r.reqInt("num_attention_heads"),
          r.optInt("num_key_value_heads", r.reqInt("num_attention_heads")),
          act,
          r.optInt("max_position_embeddings", 32768),
          r.optDouble("rms_norm_eps", 1e-6),
          theta,
          section,
          r.optBool("tie_word_embeddings", false),
          r.optDouble("attention_dropout", 0.0),
          r.optDouble("initializer_range", 0.02),
          r.optInt("sliding_window", 4096),
          r.optBool("use_sliding_window", false),
          r.optInt("max_window_layers", 80));
    } catch (ConfigException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(r.source() + ": " + e.getMessage(), e);
    }
  }

  void write(ObjectNode o) {
    o.put("attention_dropout", attentionDropout);
    o.put("hidden_act", hiddenAct);
    o.put("hidden_size", hiddenSize);
    o.put("initializer_range", initializerRange);
    o.put("intermediate_size", intermediateSize);
    o.put("max_position_embeddings", maxPositionEmbeddings);
    o.put("max_window_layers", maxWindowLayers);
    o.put("num_attention_heads", numAttentionHeads);
    o.put("num_hidden_layers", numHiddenLayers);
    o.put("num_key_value_heads", numKeyValueHeads);
    o.put("rms_norm_eps", rmsNormEps);
    o.put("rope_theta", ropeTheta);
    o.put("sliding_window", slidingWindow);
    o.put("tie_word_embeddings", tieWordEmbeddings);
    o.put("use_sliding_window", useSlidingWindow);
    o.put("vocab_size", vocabSize);
    ObjectNode rope = o.putObject("rope_scaling");
    rope.put("type", "mrope");
    var arr = rope.putArray("mrope_section");
    mropeSection.forEach(arr::add);
  }
}
