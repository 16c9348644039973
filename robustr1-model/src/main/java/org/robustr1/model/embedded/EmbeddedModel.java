package org.robustr1.model.embedded;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.robustr1.model.config.CheckpointConfig;
import org.robustr1.model.config.GenerationConfig;
import org.robustr1.model.config.PreprocessorConfig;
import org.robustr1.model.config.Qwen25VlConfig;

/**
 * The embedded default model: a tiny Qwen2.5-VL sized for the procedural scene dataset and the
 * {@link EmbeddedTokenizer}, written as the Hugging Face checkpoint files {@code config.json} (flat
 * published layout, the key set of Qwen2.5-VL-3B-Instruct), {@code preprocessor_config.json} and
 * {@code generation_config.json}. Weights are not part of it: the model code initialises them.
 *
 * <table>
 *   <caption>Sizes</caption>
 *   <tr><td>vocab_size</td><td>tokenizer size rounded up to a multiple of 64</td></tr>
 *   <tr><td>hidden / intermediate / layers</td><td>64 / 128 / 2</td></tr>
 *   <tr><td>heads / kv heads / head_dim</td><td>4 / 2 / 16; mrope_section [2, 3, 3]</td></tr>
 *   <tr><td>vision depth / hidden / heads / intermediate</td><td>2 / 64 / 4 / 128; out 64</td></tr>
 *   <tr><td>window_size / fullatt_block_indexes</td><td>56 (2×2 merged tokens) / [1]</td></tr>
 *   <tr><td>pixels</td><td>min 3136, max 12544 (112×112 gives an 8×8 patch grid, 16 image tokens)</td></tr>
 * </table>
 */
public final class EmbeddedModel {

  /** Text hidden size. */
  public static final int HIDDEN_SIZE = 64;
  /** Text MLP width. */
  public static final int INTERMEDIATE_SIZE = 128;
  /** Decoder layers. */
  public static final int NUM_HIDDEN_LAYERS = 2;
  /** Query heads. */
  public static final int NUM_ATTENTION_HEADS = 4;
  /** Key/value heads (GQA group 2). */
  public static final int NUM_KEY_VALUE_HEADS = 2;
  /** M-RoPE sections (t, h, w), summing to head_dim / 2 = 8. */
  public static final List<Integer> MROPE_SECTION = List.of(2, 3, 3);
  /** RoPE base. */
  public static final double ROPE_THETA = 10_000.0;
  /** Longest sequence the model is configured for. */
  public static final int MAX_POSITION_EMBEDDINGS = 4096;
  /** Vision transformer blocks. */
  public static final int VISION_DEPTH = 2;
  /** Vision hidden size. */
  public static final int VISION_HIDDEN_SIZE = 64;
  /** Vision heads (head_dim 16). */
  public static final int VISION_NUM_HEADS = 4;
  /** Vision MLP width. */
  public static final int VISION_INTERMEDIATE_SIZE = 128;
  /** Vision window in pixels: 56 = 2×2 merged tokens. */
  public static final int WINDOW_SIZE = 56;
  /** Vision blocks with full attention. */
  public static final List<Integer> FULLATT_BLOCK_INDEXES = List.of(1);
  /** Patch size in pixels. */
  public static final int PATCH_SIZE = 14;
  /** Spatial merge factor. */
  public static final int MERGE_SIZE = 2;
  /** Temporal patch size. */
  public static final int TEMPORAL_PATCH_SIZE = 2;
  /** Smallest image area after resizing (56×56). */
  public static final long MIN_PIXELS = 3136;
  /** Largest image area after resizing (112×112). */
  public static final long MAX_PIXELS = 12544;
  /** Side of the scene images the model is sized for. */
  public static final int IMAGE_SIZE = 112;

  private EmbeddedModel() {}

  /**
   * The sizes of an embedded architecture; everything else (tokenizer, vocabulary, patch and merge
   * sizes, pixel bounds, RoPE base) is shared by all of them.
   *
   * @param hiddenSize text hidden size
   * @param intermediateSize text MLP width
   * @param layers decoder layers
   * @param heads query heads
   * @param kvHeads key/value heads (divides {@code heads})
   * @param mropeSection M-RoPE sections (t, h, w), summing to {@code hiddenSize / heads / 2}
   * @param visionDepth vision transformer blocks
   * @param visionHiddenSize vision hidden size
   * @param visionHeads vision heads
   * @param visionIntermediateSize vision MLP width
   * @param fullAttentionBlocks vision blocks with full attention (the rest use 2×2-token windows)
   * @param ropeTheta the RoPE base (Qwen2.5-VL: 1,000,000)
   */
  public record Size(
      int hiddenSize,
      int intermediateSize,
      int layers,
      int heads,
      int kvHeads,
      List<Integer> mropeSection,
      int visionDepth,
      int visionHiddenSize,
      int visionHeads,
      int visionIntermediateSize,
      List<Integer> fullAttentionBlocks,
      double ropeTheta) {

    /** The sizes of the randomly initialised default: see the class table. */
    public static final Size DEFAULT =
        new Size(HIDDEN_SIZE, INTERMEDIATE_SIZE, NUM_HIDDEN_LAYERS, NUM_ATTENTION_HEADS, NUM_KEY_VALUE_HEADS,
            MROPE_SECTION, VISION_DEPTH, VISION_HIDDEN_SIZE, VISION_NUM_HEADS, VISION_INTERMEDIATE_SIZE,
            FULLATT_BLOCK_INDEXES, ROPE_THETA);

    /** Validates the values. */
    public Size {
      checkArgument(hiddenSize > 0 && intermediateSize > 0 && layers > 0, "sizes must be positive");
      checkArgument(heads > 0 && hiddenSize % heads == 0, "heads %s must divide hiddenSize %s", heads, hiddenSize);
      checkArgument(kvHeads > 0 && heads % kvHeads == 0, "kvHeads %s must divide heads %s", kvHeads, heads);
      mropeSection = List.copyOf(mropeSection);
      checkArgument(mropeSection.size() == 3 && mropeSection.stream().mapToInt(Integer::intValue).sum() == hiddenSize / heads / 2,
          "mropeSection %s must have three parts summing to head_dim / 2 = %s", mropeSection, hiddenSize / heads / 2);
      checkArgument(visionDepth > 0 && visionHeads > 0 && visionHiddenSize % visionHeads == 0,
          "visionHeads %s must divide visionHiddenSize %s", visionHeads, visionHiddenSize);
      checkArgument(ropeTheta > 0, "ropeTheta must be > 0, got %s", ropeTheta);
      fullAttentionBlocks = List.copyOf(fullAttentionBlocks);
      for (int b : fullAttentionBlocks) {
        checkArgument(b >= 0 && b < visionDepth, "full-attention block %s outside [0, %s)", b, visionDepth);
      }
    }
  }

  /** The tokenizer size rounded up to a multiple of 64. */
  public static int vocabSize() {
    return (EmbeddedTokenizer.size() + 63) / 64 * 64;
  }

  /** {@code <|endoftext|>}: bos and pad id. */
  public static int endOfTextId() {
    return EmbeddedTokenizer.tokenId("<|endoftext|>");
  }

  /** {@code <|im_end|>}: the eos id. */
  public static int imEndId() {
    return EmbeddedTokenizer.tokenId("<|im_end|>");
  }

  /** Image tokens for a {@value #IMAGE_SIZE}×{@value #IMAGE_SIZE} image: (112/28)² = 16. */
  public static int imageTokensPerSceneImage() {
    int merged = IMAGE_SIZE / (PATCH_SIZE * MERGE_SIZE);
    return merged * merged;
  }

  /** The {@code config.json} text of the default sizes. */
  public static String configJson() {
    return configJson(Size.DEFAULT);
  }

  /** The {@code config.json} text of an architecture of {@code size}. */
  public static String configJson(Size size) {
    checkNotNull(size, "size");
    ObjectMapper om = new ObjectMapper();
    ObjectNode o = om.createObjectNode();
    o.putArray("architectures").add("Qwen2_5_VLForConditionalGeneration");
    o.put("attention_dropout", 0.0);
    o.put("bos_token_id", endOfTextId());
    o.put("eos_token_id", imEndId());
    o.put("vision_start_token_id", EmbeddedTokenizer.tokenId("<|vision_start|>"));
    o.put("vision_end_token_id", EmbeddedTokenizer.tokenId("<|vision_end|>"));
    o.put("vision_token_id", EmbeddedTokenizer.tokenId("<|vision_pad|>"));
    o.put("image_token_id", EmbeddedTokenizer.tokenId("<|image_pad|>"));
    o.put("video_token_id", EmbeddedTokenizer.tokenId("<|video_pad|>"));
    o.put("hidden_act", "silu");
    o.put("hidden_size", size.hiddenSize());
    o.put("initializer_range", 0.02);
    o.put("intermediate_size", size.intermediateSize());
    o.put("max_position_embeddings", MAX_POSITION_EMBEDDINGS);
    o.put("max_window_layers", 70);
    o.put("model_type", "qwen2_5_vl");
    o.put("num_attention_heads", size.heads());
    o.put("num_hidden_layers", size.layers());
    o.put("num_key_value_heads", size.kvHeads());
    o.put("rms_norm_eps", 1e-6);
    o.put("rope_theta", size.ropeTheta());
    o.put("sliding_window", 32768);
    o.put("tie_word_embeddings", true);
    o.put("torch_dtype", "float32");
    o.put("transformers_version", "4.49.0");
    o.put("use_cache", true);
    o.put("use_sliding_window", false);
    ObjectNode v = o.putObject("vision_config");
    v.put("depth", size.visionDepth());
    v.put("hidden_act", "silu");
    v.put("hidden_size", size.visionHiddenSize());
    v.put("intermediate_size", size.visionIntermediateSize());
    v.put("num_heads", size.visionHeads());
    v.put("in_chans", 3);
    v.put("out_hidden_size", size.hiddenSize());
    v.put("patch_size", PATCH_SIZE);
    v.put("spatial_merge_size", MERGE_SIZE);
    v.put("spatial_patch_size", PATCH_SIZE);
    v.put("window_size", WINDOW_SIZE);
    ArrayNode full = v.putArray("fullatt_block_indexes");
    size.fullAttentionBlocks().forEach(full::add);
    v.put("tokens_per_second", 2);
    v.put("temporal_patch_size", TEMPORAL_PATCH_SIZE);
    ObjectNode rope = o.putObject("rope_scaling");
    rope.put("type", "mrope");
    ArrayNode section = rope.putArray("mrope_section");
    size.mropeSection().forEach(section::add);
    o.put("vocab_size", vocabSize());
    return write(om, o);
  }

  /** The {@code preprocessor_config.json} text (CLIP mean/std, bicubic, pixel bounds above). */
  public static String preprocessorConfigJson() {
    ObjectMapper om = new ObjectMapper();
    ObjectNode o = om.createObjectNode();
    o.put("min_pixels", MIN_PIXELS);
    o.put("max_pixels", MAX_PIXELS);
    o.put("patch_size", PATCH_SIZE);
    o.put("temporal_patch_size", TEMPORAL_PATCH_SIZE);
    o.put("merge_size", MERGE_SIZE);
    ArrayNode mean = o.putArray("image_mean");
    mean.add(0.48145466).add(0.4578275).add(0.40821073);
    ArrayNode std = o.putArray("image_std");
    std.add(0.26862954).add(0.26130258).add(0.27577711);
    o.put("do_resize", true);
    o.put("resample", 3);
    o.put("do_rescale", true);
    o.put("rescale_factor", 0.00392156862745098);
    o.put("do_normalize", true);
    o.put("do_convert_rgb", true);
    o.put("image_processor_type", "Qwen2VLImageProcessor");
    o.put("processor_class", "Qwen2_5_VLProcessor");
    return write(om, o);
  }

  /**
   * The {@code generation_config.json} text: eos {@code [<|im_end|>, <|endoftext|>]}, pad and bos
   * {@code <|endoftext|>}, sampling at temperature 0.6 (the Robust-R1 demo default) with top-k and
   * top-p off and no repetition penalty.
   */
  public static String generationConfigJson() {
    ObjectMapper om = new ObjectMapper();
    ObjectNode o = om.createObjectNode();
    o.put("bos_token_id", endOfTextId());
    o.put("pad_token_id", endOfTextId());
    o.put("do_sample", true);
    o.putArray("eos_token_id").add(imEndId()).add(endOfTextId());
    o.put("repetition_penalty", 1.0);
    o.put("temperature", 0.6);
    o.put("top_k", 0);
    o.put("top_p", 1.0);
    o.put("transformers_version", "4.49.0");
    return write(om, o);
  }

  /**
   * The three configuration files parsed by the checkpoint reader of {@code
   * org.robustr1.model.config}, so that code building the model needs no files on disk.
   */
  public static CheckpointConfig checkpointConfig() {
    return checkpointConfig(Size.DEFAULT);
  }

  /** {@link #checkpointConfig()} for an architecture of {@code size}. */
  public static CheckpointConfig checkpointConfig(Size size) {
    return new CheckpointConfig(
        Qwen25VlConfig.parse(configJson(size), "embedded config.json"),
        PreprocessorConfig.parse(preprocessorConfigJson(), "embedded preprocessor_config.json"),
        GenerationConfig.parse(generationConfigJson(), "embedded generation_config.json"));
  }

  /**
   * Writes {@code config.json}, {@code preprocessor_config.json}, {@code generation_config.json},
   * {@code tokenizer.json} and {@code tokenizer_config.json} into {@code dir} (created if missing).
   *
   * @return {@code dir}
   */
  public static Path writeCheckpointFiles(Path dir) throws IOException {
    return writeCheckpointFiles(dir, Size.DEFAULT);
  }

  /** {@link #writeCheckpointFiles(Path)} for an architecture of {@code size}. */
  public static Path writeCheckpointFiles(Path dir, Size size) throws IOException {
    checkNotNull(dir, "dir");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("config.json"), configJson(size), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("preprocessor_config.json"), preprocessorConfigJson(), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("generation_config.json"), generationConfigJson(), StandardCharsets.UTF_8);
    EmbeddedTokenizer.write(dir);
    return dir;
  }

  private static String write(ObjectMapper om, ObjectNode root) {
    DefaultPrettyPrinter pp = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
    try {
      return om.writer(pp).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
