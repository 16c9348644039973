package org.robustr1.train.qwen;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.robustr1.core.image.RgbImage;
import org.robustr1.model.VlmPrompt;
import org.robustr1.model.qwen.PromptEncoder;

/**
 * A test prompt encoder: the Qwen2.5-VL chat template over the real tokenizer of the golden tiny
 * model, and images resized (nearest) to 56×56 = one 4×4-patch grid (4 merged tokens), normalised
 * with the CLIP mean/std and laid out in the processor's patch order.
 */
final class TinyPromptEncoder implements PromptEncoder, AutoCloseable {

  private static final float[] MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
  private static final float[] STD = {0.26862954f, 0.26130258f, 0.27577711f};

  private final HuggingFaceTokenizer tokenizer;

  TinyPromptEncoder(Path tokenizerJson) throws IOException {
    tokenizer =
        HuggingFaceTokenizer.newInstance(
            tokenizerJson, Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "false"));
  }

  int[] encodeText(String text) {
    long[] ids = tokenizer.encode(text).getIds();
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = (int) ids[i];
    }
    return out;
  }

  @Override
  public Encoded encode(VlmPrompt prompt) {
    StringBuilder sb = new StringBuilder("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n");
    List<int[]> grids = new ArrayList<>();
    float[] px = new float[prompt.images().size() * 16 * 1176];
    int img = 0;
    for (RgbImage image : prompt.images()) {
      sb.append("<|vision_start|>").append("<|image_pad|>".repeat(4)).append("<|vision_end|>");
      grids.add(new int[] {1, 4, 4});
      int base = img * 16 * 1176;
      int row = 0;
      for (int hb = 0; hb < 2; hb++) {
        for (int wb = 0; wb < 2; wb++) {
          for (int mh = 0; mh < 2; mh++) {
            for (int mw = 0; mw < 2; mw++) {
              int ph = hb * 2 + mh;
              int pw = wb * 2 + mw;
              for (int c = 0; c < 3; c++) {
                for (int tp = 0; tp < 2; tp++) {
                  for (int y = 0; y < 14; y++) {
                    for (int x = 0; x < 14; x++) {
                      int sx = (pw * 14 + x) * image.width() / 56;
                      int sy = (ph * 14 + y) * image.height() / 56;
                      float v = (image.get(sx, sy, c) / 255f - MEAN[c]) / STD[c];
                      px[base + row * 1176 + c * 392 + tp * 196 + y * 14 + x] = v;
                    }
                  }
                }
              }
              row++;
            }
          }
        }
      }
      img++;
    }
    sb.append(prompt.user()).append("<|im_end|>\n<|im_start|>assistant\n");
    return new Encoded(encodeText(sb.toString()), grids.isEmpty() ? null : px, grids);
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
