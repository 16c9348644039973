package org.robustr1.model.embedded;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.robustr1.model.config.CheckpointConfig;
import org.robustr1.model.config.GenerationConfig;
import org.robustr1.model.config.PreprocessorConfig;
import org.robustr1.model.config.Qwen25VlConfig;
import org.robustr1.model.config.Qwen25VlTextConfig;
import org.robustr1.model.config.Qwen25VlVisionConfig;

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
    return config(size).toJson();
  }

  /**
   * The model configuration of an architecture of {@code size}: the sizes of {@code size}, the
   * special-token ids of the {@link EmbeddedTokenizer}, float32, tied embeddings; the rest as in
   * Qwen2.5-VL-3B-Instruct.
   */
  public static Qwen25VlConfig config(Size size) {
    checkNotNull(size, "size");
    Qwen25VlTextConfig text = new Qwen25VlTextConfig(
        vocabSize(), size.hiddenSize(), size.intermediateSize(), size.layers(), size.heads(), size.kvHeads(), "silu",
        MAX_POSITION_EMBEDDINGS, 1e-6, size.ropeTheta(), ImmutableList.copyOf(size.mropeSection()), true, 0.0, 0.02,
        32768, false, 70);
    Qwen25VlVisionConfig vision = new Qwen25VlVisionConfig(
        size.visionDepth(), size.visionHiddenSize(), size.visionIntermediateSize(), size.visionHeads(), 3,
        size.hiddenSize(), PATCH_SIZE, MERGE_SIZE, TEMPORAL_PATCH_SIZE, WINDOW_SIZE,
        ImmutableList.copyOf(size.fullAttentionBlocks()), 2, "silu");
    return new Qwen25VlConfig(
        text,
        vision,
        endOfTextId(),
        ImmutableList.of(imEndId()),
        EmbeddedTokenizer.tokenId("<|vision_start|>"),
        EmbeddedTokenizer.tokenId("<|vision_end|>"),
        EmbeddedTokenizer.tokenId("<|vision_pad|>"),
        EmbeddedTokenizer.tokenId("<|image_pad|>"),
        EmbeddedTokenizer.tokenId("<|video_pad|>"),
        "float32");
  }

  /** The {@code preprocessor_config.json} text (CLIP mean/std, bicubic, pixel bounds above). */
  public static String preprocessorConfigJson() {
    return preprocessorConfig().toJson();
  }

  /** The image processor settings: Qwen2.5-VL's with the pixel bounds above. */
  public static PreprocessorConfig preprocessorConfig() {
    return PreprocessorConfig.qwen25Vl().withPixelBounds(MIN_PIXELS, MAX_PIXELS);
  }

  /**
   * The {@code generation_config.json} text: eos {@code [<|im_end|>, <|endoftext|>]}, pad and bos
   * {@code <|endoftext|>}, sampling at temperature 0.6 (the Robust-R1 demo default) with top-k and
   * top-p off and no repetition penalty.
   */
  public static String generationConfigJson() {
    return generationConfig().toJson();
  }

  /** The generation defaults of {@link #generationConfigJson()}. */
  public static GenerationConfig generationConfig() {
    return new GenerationConfig(
        endOfTextId(), ImmutableList.of(imEndId(), endOfTextId()), endOfTextId(), true, 0.6, 0, 1.0, 1.0);
  }

  /**
   * The three configurations of the checkpoint files, so that code building the model needs no
   * files on disk.
   */
  public static CheckpointConfig checkpointConfig() {
    return checkpointConfig(Size.DEFAULT);
  }

  /** {@link #checkpointConfig()} for an architecture of {@code size}. */
  public static CheckpointConfig checkpointConfig(Size size) {
    return new CheckpointConfig(config(size), preprocessorConfig(), generationConfig());
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
    config(size).write(dir);
    preprocessorConfig().write(dir);
    generationConfig().write(dir);
    EmbeddedTokenizer.write(dir);
    return dir;
  }
}
