package org.robustr1.model.config;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The model configuration of a Qwen2.5-VL checkpoint ({@code config.json}).
 *
 * <p>{@link #read(Path)} accepts the published flat layout (language-model fields at the top
 * level, as in Qwen/Qwen2.5-VL-3B-Instruct) and the nested layout newer transformers write
 * ({@code text_config} + {@code vision_config}); in the nested layout {@code text_config} fields
 * win and missing ones fall back to the top level. {@link #toJson()} writes the flat layout, which
 * every transformers version since 4.49 loads.
 *
 * @param text the language model
 * @param vision the vision tower ({@code vision.outHiddenSize == text.hiddenSize})
 * @param bosTokenId {@code <|endoftext|>} (151643)
 * @param eosTokenIds end-of-sequence ids from {@code config.json} (151645 = {@code <|im_end|>})
 * @param visionStartTokenId {@code <|vision_start|>} (151652)
 * @param visionEndTokenId {@code <|vision_end|>} (151653)
 * @param visionTokenId {@code <|vision_pad|>} (151654)
 * @param imageTokenId {@code <|image_pad|>} (151655)
 * @param videoTokenId {@code <|video_pad|>} (151656)
 * @param torchDtype the {@code torch_dtype} recorded in the file ({@code bfloat16} for the
 *     published checkpoints); informative only, the safetensors header decides
 */
public record Qwen25VlConfig(
    Qwen25VlTextConfig text,
    Qwen25VlVisionConfig vision,
    int bosTokenId,
    ImmutableList<Integer> eosTokenIds,
    int visionStartTokenId,
    int visionEndTokenId,
    int visionTokenId,
    int imageTokenId,
    int videoTokenId,
    String torchDtype) {

  /** The file name of the model configuration in a checkpoint directory. */
  public static final String FILE_NAME = "config.json";

  /** The {@code model_type} of Qwen2.5-VL. */
  public static final String MODEL_TYPE = "qwen2_5_vl";

  /** Validates the values and their consistency. */
  public Qwen25VlConfig {
    requireNonNull(text, "text");
    requireNonNull(vision, "vision");
    requireNonNull(eosTokenIds, "eosTokenIds");
    requireNonNull(torchDtype, "torchDtype");
    checkArgument(
        vision.outHiddenSize() == text.hiddenSize(),
        "vision_config.out_hidden_size %s must equal hidden_size %s",
        vision.outHiddenSize(),
        text.hiddenSize());
    checkArgument(!eosTokenIds.isEmpty(), "eos_token_id must not be empty");
    int v = text.vocabSize();
    checkId(bosTokenId, "bos_token_id", v);
    for (int id : eosTokenIds) {
      checkId(id, "eos_token_id", v);
    }
    checkId(visionStartTokenId, "vision_start_token_id", v);
    checkId(visionEndTokenId, "vision_end_token_id", v);
    checkId(visionTokenId, "vision_token_id", v);
    checkId(imageTokenId, "image_token_id", v);
    checkId(videoTokenId, "video_token_id", v);
    eosTokenIds = ImmutableList.copyOf(eosTokenIds);
  }

  private static void checkId(int id, String field, int vocab) {
    checkArgument(id >= 0 && id < vocab, "%s %s is outside [0, vocab_size = %s)", field, id, vocab);
  }

  /** A config with the published Qwen2.5 special-token ids. */
  public static Qwen25VlConfig of(Qwen25VlTextConfig text, Qwen25VlVisionConfig vision) {
    return new Qwen25VlConfig(
        text, vision, 151643, ImmutableList.of(151645), 151652, 151653, 151654, 151655, 151656,
        "bfloat16");
  }

  /** The shape of Qwen/Qwen2.5-VL-3B-Instruct (3.75 B parameters), e.g. for random-weight benchmarks. */
  public static Qwen25VlConfig qwen25Vl3B() {
    return of(Qwen25VlTextConfig.qwen25Vl3B(), Qwen25VlVisionConfig.qwen25Vl3B());
  }

  /**
   * The tiny model of the golden fixture {@code qwen25vl-tiny-a}: real vocabulary (151936), hidden
   * 32, 2 layers, 4 heads over 2 kv heads (head dim 8), M-RoPE [1, 1, 2], tied embeddings; vision
   * depth 4, hidden 32, 2 heads, window 56, full attention in blocks 1 and 3.
   */
  public static Qwen25VlConfig tiny() {
    return tiny(151936);
  }

  /**
   * A tiny model like {@link #tiny()} with another vocabulary size (at least 151657, so that the
   * Qwen special-token ids stay valid), for fast tests.
   */
  public static Qwen25VlConfig tiny(int vocabSize) {
    Qwen25VlTextConfig text =
        new Qwen25VlTextConfig(
            vocabSize, 32, 80, 2, 4, 2, "silu", 128000, 1e-6, 1_000_000.0,
            ImmutableList.of(1, 1, 2), true, 0.0, 0.02, 32768, false, 70);
    Qwen25VlVisionConfig vision =
        new Qwen25VlVisionConfig(4, 32, 48, 2, 3, 32, 14, 2, 2, 56, ImmutableList.of(1, 3), 2, "silu");
    return of(text, vision);
  }

  /** A copy with another {@code torch_dtype} label (e.g. {@code float32} for an fp32 checkpoint). */
  public Qwen25VlConfig withTorchDtype(String dtype) {
    return new Qwen25VlConfig(
        text, vision, bosTokenId, eosTokenIds, visionStartTokenId, visionEndTokenId, visionTokenId,
        imageTokenId, videoTokenId, dtype);
  }

  /**
   * Reads {@code config.json} from a checkpoint directory, or the given file.
   *
   * @throws NoSuchFileException when the file is absent
   * @throws ConfigException when the content is malformed or inconsistent (the message names the
   *     file and field)
   */
  public static Qwen25VlConfig read(Path dirOrFile) throws IOException {
    Path file = Files.isDirectory(dirOrFile) ? dirOrFile.resolve(FILE_NAME) : dirOrFile;
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "model config not found");
    }
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /**
   * Parses the content of a {@code config.json}.
   *
   * @param json the file content
   * @param source the file name used in error messages
   */
  public static Qwen25VlConfig parse(String json, String source) {
    JsonReader top = JsonReader.of(JsonReader.parse(json, source), source);
    String modelType = top.optString("model_type", MODEL_TYPE);
    top.check(
        modelType.equals(MODEL_TYPE),
        "model_type",
        "must be \"" + MODEL_TYPE + "\", got \"" + modelType + "\" (only Qwen2.5-VL is supported)");
    JsonReader textNode = top.child("text_config", null);
    JsonReader textReader = textNode == null ? top : textNode.withFallback(top);
    JsonReader visionReader = top.child("vision_config", null);
    if (visionReader == null) {
      throw top.error("vision_config", "is missing");
    }
    Qwen25VlTextConfig text = Qwen25VlTextConfig.read(textReader);
    Qwen25VlVisionConfig vision = Qwen25VlVisionConfig.read(visionReader);
    try {
      ImmutableList<Integer> eos = textReader.optIntList("eos_token_id");
      return new Qwen25VlConfig(
          text,
          vision,
          textReader.optInt("bos_token_id", 151643),
          eos == null ? ImmutableList.of(151645) : eos,
          textReader.optInt("vision_start_token_id", 151652),
          textReader.optInt("vision_end_token_id", 151653),
          textReader.optInt("vision_token_id", 151654),
          textReader.optInt("image_token_id", 151655),
          textReader.optInt("video_token_id", 151656),
          textReader.optString("torch_dtype", textReader.optString("dtype", "bfloat16")));
    } catch (ConfigException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(source + ": " + e.getMessage(), e);
    }
  }

  /** This config as a Hugging Face {@code config.json} in the flat published layout. */
  public String toJson() {
    ObjectNode o = JsonReader.MAPPER.createObjectNode();
    o.putArray("architectures").add("Qwen2_5_VLForConditionalGeneration");
    o.put("bos_token_id", bosTokenId);
    if (eosTokenIds.size() == 1) {
      o.put("eos_token_id", eosTokenIds.get(0));
    } else {
      var arr = o.putArray("eos_token_id");
      eosTokenIds.forEach(arr::add);
    }
    o.put("vision_start_token_id", visionStartTokenId);
    o.put("vision_end_token_id", visionEndTokenId);
    o.put("vision_token_id", visionTokenId);
    o.put("image_token_id", imageTokenId);
    o.put("video_token_id", videoTokenId);
    o.put("model_type", MODEL_TYPE);
    text.write(o);
    o.put("torch_dtype", torchDtype);
    o.put("transformers_version", "4.49.0");
    o.put("use_cache", true);
    vision.write(o.putObject("vision_config"));
    return JsonReader.pretty(o);
  }

  /** Writes {@link #toJson()} to {@code dir/config.json}. */
  public Path write(Path dir) throws IOException {
    return JsonReader.write(dir, FILE_NAME, toJson());
  }

  /**
   * The tensor names and shapes this config implies, in the checkpoint's original naming ({@code
   * visual.*}, {@code model.*}, and {@code lm_head.weight} only when embeddings are not tied).
   * Linear weights are {@code [out, in]}.
   */
  public Map<String, long[]> weightShapes() {
    Map<String, long[]> m = new LinkedHashMap<>();
    Qwen25VlVisionConfig v = vision;
    long vd = v.hiddenSize();
    long vi = v.intermediateSize();
    m.put(
        "visual.patch_embed.proj.weight",
        new long[] {vd, v.inChannels(), v.temporalPatchSize(), v.patchSize(), v.patchSize()});
    for (int i = 0; i < v.depth(); i++) {
      String p = "visual.blocks." + i + ".";
      m.put(p + "norm1.weight", new long[] {vd});
      m.put(p + "norm2.weight", new long[] {vd});
      m.put(p + "attn.qkv.weight", new long[] {3 * vd, vd});
      m.put(p + "attn.qkv.bias", new long[] {3 * vd});
      m.put(p + "attn.proj.weight", new long[] {vd, vd});
      m.put(p + "attn.proj.bias", new long[] {vd});
      m.put(p + "mlp.gate_proj.weight", new long[] {vi, vd});
      m.put(p + "mlp.gate_proj.bias", new long[] {vi});
      m.put(p + "mlp.up_proj.weight", new long[] {vi, vd});
      m.put(p + "mlp.up_proj.bias", new long[] {vi});
      m.put(p + "mlp.down_proj.weight", new long[] {vd, vi});
      m.put(p + "mlp.down_proj.bias", new long[] {vd});
    }
    long mi = v.mergerInputSize();
    m.put("visual.merger.ln_q.weight", new long[] {vd});
    m.put("visual.merger.mlp.0.weight", new long[] {mi, mi});
    m.put("visual.merger.mlp.0.bias", new long[] {mi});
    m.put("visual.merger.mlp.2.weight", new long[] {v.outHiddenSize(), mi});
    m.put("visual.merger.mlp.2.bias", new long[] {v.outHiddenSize()});

    Qwen25VlTextConfig t = text;
    long d = t.hiddenSize();
    long kv = t.keyValueSize();
    long inter = t.intermediateSize();
    m.put("model.embed_tokens.weight", new long[] {t.vocabSize(), d});
    for (int l = 0; l < t.numHiddenLayers(); l++) {
      String p = "model.layers." + l + ".";
      m.put(p + "input_layernorm.weight", new long[] {d});
      m.put(p + "post_attention_layernorm.weight", new long[] {d});
      m.put(p + "self_attn.q_proj.weight", new long[] {d, d});
      m.put(p + "self_attn.q_proj.bias", new long[] {d});
      m.put(p + "self_attn.k_proj.weight", new long[] {kv, d});
      m.put(p + "self_attn.k_proj.bias", new long[] {kv});
      m.put(p + "self_attn.v_proj.weight", new long[] {kv, d});
      m.put(p + "self_attn.v_proj.bias", new long[] {kv});
      m.put(p + "self_attn.o_proj.weight", new long[] {d, d});
      m.put(p + "mlp.gate_proj.weight", new long[] {inter, d});
      m.put(p + "mlp.up_proj.weight", new long[] {inter, d});
      m.put(p + "mlp.down_proj.weight", new long[] {d, inter});
    }
    m.put("model.norm.weight", new long[] {d});
    if (!t.tieWordEmbeddings()) {
      m.put("lm_head.weight", new long[] {t.vocabSize(), d});
    }
    return m;
  }

  /** Total parameter count implied by {@link #weightShapes()} (3,754,622,976 for 3B). */
  public long parameterCount() {
    long n = 0;
    for (long[] s : weightShapes().values()) {
      long k = 1;
      for (long x : s) {
        k *= x;
      }
      n += k;
    }
    return n;
  }

  /**
   * The checkpoint's original tensor name for a name written by newer transformers ({@code
   * model.visual.*} becomes {@code visual.*}, {@code model.language_model.*} becomes {@code
   * model.*}); other names are returned unchanged.
   */
  public static String canonicalWeightName(String name) {
    if (name.startsWith("model.visual.")) {
      return name.substring("model.".length());
    }
    if (name.startsWith("model.language_model.")) {
      return "model." + name.substring("model.language_model.".length());
    }
    return name;
  }

}
