package org.robustr1.train.policy;

import static java.util.Objects.requireNonNull;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.robustr1.model.VlmPrompt;
import org.robustr1.model.processor.GridThw;
import org.robustr1.model.processor.ProcessedImages;
import org.robustr1.model.processor.Qwen2VlImageProcessor;
import org.robustr1.model.qwen.PromptEncoder;

/**
 * A {@link PromptEncoder} from a checkpoint folder: the checkpoint's {@code tokenizer.json} (DJL
 * Hugging Face tokenizer, no truncation, no added special tokens), the default Qwen2.5-VL chat
 * template (system turn "You are a helpful assistant." unless the prompt has one; images before the
 * text in the user turn; generation prompt {@code <|im_start|>assistant\n}), and the Qwen2-VL image
 * processor of {@code preprocessor_config.json}.
 */
public final class HfPromptEncoder implements PromptEncoder, AutoCloseable {

  private static final String DEFAULT_SYSTEM = "You are a helpful assistant.";

  private final HuggingFaceTokenizer tokenizer;
  private final Qwen2VlImageProcessor images;

  /** An encoder over {@code tokenizerJson} and {@code images}. */
  public HfPromptEncoder(Path tokenizerJson, Qwen2VlImageProcessor images) throws IOException {
    this.tokenizer =
        HuggingFaceTokenizer.newInstance(
            tokenizerJson, Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "false"));
    this.images = requireNonNull(images, "images");
  }

  /** Token ids of plain text, special tokens written in it kept as single ids. */
  public int[] encodeText(String text) {
    long[] ids = tokenizer.encode(text).getIds();
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = Math.toIntExact(ids[i]);
    }
    return out;
  }

  @Override
  public Encoded encode(VlmPrompt prompt) {
    StringBuilder sb = new StringBuilder();
    sb.append("<|im_start|>system\n").append(prompt.system() == null ? DEFAULT_SYSTEM : prompt.system()).append("<|im_end|>\n");
    sb.append("<|im_start|>user\n");
    List<int[]> grids = new ArrayList<>();
    float[] px = null;
    if (!prompt.images().isEmpty()) {
      ProcessedImages processed = images.process(prompt.images());
      int[] counts = processed.tokenCounts();
      for (int i = 0; i < counts.length; i++) {
        sb.append("<|vision_start|>").append("<|image_pad|>".repeat(counts[i])).append("<|vision_end|>");
        GridThw g = processed.grids().get(i);
        grids.add(new int[] {g.t(), g.h(), g.w()});
      }
      px = processed.pixelValues();
    }
    sb.append(prompt.user()).append("<|im_end|>\n<|im_start|>assistant\n");
    return new Encoded(encodeText(sb.toString()), px, grids);
  }

  @Override
  public String decode(int[] ids) {
    long[] l = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      l[i] = ids[i];
    }
    return tokenizer.decode(l, true);
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
