package org.robustr1.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.robustr1.core.image.RgbImage;
import org.robustr1.model.VlmPrompt;
import org.robustr1.model.processor.ModelInputs;
import org.robustr1.model.processor.Qwen25VlProcessor;
import org.robustr1.testing.SharedData;

class QwenTokenizerTest {

  private static Path dir;
  private static Qwen25VlProcessor processor;
  private static JsonNode inputs;

  @BeforeAll
  static void load() throws IOException {
    assumeTrue(SharedData.root().isPresent(), SharedData.MISSING);
    dir = SharedData.root().get().resolve("golden/qwen25vl-tiny-a");
    processor = Qwen25VlProcessor.load(dir);
    inputs = new ObjectMapper().readTree(dir.resolve("inputs.json").toFile());
  }

  @AfterAll
  static void close() {
    if (processor != null) {
      processor.close();
    }
  }

  static RgbImage readPng(Path file) throws IOException {
    BufferedImage bi = ImageIO.read(file.toFile());
    byte[] px = new byte[bi.getWidth() * bi.getHeight() * 3];
    for (int y = 0; y < bi.getHeight(); y++) {
      for (int x = 0; x < bi.getWidth(); x++) {
        int rgb = bi.getRGB(x, y);
        int o = (y * bi.getWidth() + x) * 3;
        px[o] = (byte) (rgb >> 16);
        px[o + 1] = (byte) (rgb >> 8);
        px[o + 2] = (byte) rgb;
      }
    }
    return new RgbImage(bi.getWidth(), bi.getHeight(), px);
  }

  private static int[] goldenIds() {
    JsonNode ids = inputs.get("input_ids").get(0);
    int[] out = new int[ids.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ids.get(i).intValue();
    }
    return out;
  }

  @Test
  void specialTokensComeFromTheTokenizer() {
    SpecialTokens s = processor.tokenizer().specialTokens();
    assertThat(s).isEqualTo(SpecialTokens.qwen25());
    assertThat(processor.tokenizer().isSpecial(151645)).isTrue();
    assertThat(processor.tokenizer().isSpecial(151657)).isFalse(); // <tool_call>
    assertThat(processor.tokenizer().addedTokens()).containsEntry("<|file_sep|>", 151664);
  }

  @Test
  void goldenTemplateAndIdsFromImagesAndQuestion() throws IOException {
    VlmPrompt prompt =
        VlmPrompt.of(
            List.of(readPng(dir.resolve("image_0.png")), readPng(dir.resolve("image_1.png"))),
            inputs.get("question").textValue());
    ModelInputs in = processor.encode(prompt);
    assertThat(in.text()).isEqualTo(inputs.get("template_text").textValue());
    assertThat(in.images().tokenCounts()).containsExactly(12, 35);
    assertThat(in.inputIds()).hasSize(85).containsExactly(goldenIds());
    // the same ids from tokenizing the fully expanded text, as Hugging Face does
    String[] parts = in.text().split(java.util.regex.Pattern.quote("<|image_pad|>"), -1);
    assertThat(parts).hasSize(3);
    String expanded =
        parts[0] + "<|image_pad|>".repeat(12) + parts[1] + "<|image_pad|>".repeat(35) + parts[2];
    assertThat(processor.tokenizer().encode(expanded)).containsExactly(goldenIds());
  }

  @Test
  void decodeWithAndWithoutSpecialTokens() {
    int[] ids = goldenIds();
    String all = processor.tokenizer().decode(ids, false);
    assertThat(all).startsWith("<|im_start|>system\nYou are a helpful assistant.<|im_end|>");
    assertThat(all).contains("<|image_pad|>".repeat(12) + "<|vision_end|>");
    String plain = processor.tokenizer().decode(ids, true);
    assertThat(plain)
        .isEqualTo(
            "system\nYou are a helpful assistant.\nuser\nWhat's in these 2 pictures? Answer in 12 words.\nassistant\n");
  }

  @Test
  void longPromptsAreNotTruncated() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 400; i++) {
      sb.append("degradation ").append(i).append(", ");
    }
    int[] ids = processor.tokenizer().encode(sb.toString());
    assertThat(ids.length).isGreaterThan(2000);
    assertThat(processor.tokenizer().decode(ids, true)).isEqualTo(sb.toString());
  }

  @Test
  void sftSpanCoversAnswerAndImEnd() {
    VlmPrompt prompt = VlmPrompt.text("How blurry is it?");
    String answer = "<TYPE>motion blur(0.45)<TYPE_END><ANSWER>B<ANSWER_END>";
    ModelInputs in = processor.encodeForSft(prompt, answer);
    SftEncoding e = in.sft().orElseThrow();
    int[] promptIds = processor.encode(prompt).inputIds();
    assertThat(e.assistantStart()).isEqualTo(promptIds.length);
    assertThat(Arrays.copyOf(e.inputIds(), promptIds.length)).containsExactly(promptIds);
    int[] span = Arrays.copyOfRange(e.inputIds(), e.assistantStart(), e.assistantEnd());
    assertThat(span[span.length - 1]).isEqualTo(151645);
    assertThat(processor.tokenizer().decode(span, false)).isEqualTo(answer + "<|im_end|>");
    assertThat(e.inputIds().length - e.assistantEnd()).isEqualTo(1); // the trailing "\n"
    assertThat(e.text().substring(e.charStart(), e.charEnd())).isEqualTo(answer + "<|im_end|>");
    assertThat(e.labels()[e.assistantStart() - 1]).isEqualTo(-100);
    assertThat(e.labels()[e.assistantStart()]).isEqualTo(span[0]);
    assertThat(ChatTemplate.renderWithAnswer(prompt, answer)).isEqualTo(e.text());

    // an answer starting with a newline merges with the template's "\n": the merged token is trained
    SftEncoding nl = processor.tokenizer().encodeForSft(ChatTemplate.render(prompt), "\nB", new int[0]);
    assertThat(nl.assistantStart()).isLessThanOrEqualTo(promptIds.length);
    assertThat(processor.tokenizer().decode(Arrays.copyOfRange(nl.inputIds(), nl.assistantStart(), nl.assistantEnd()), false))
        .endsWith("\nB<|im_end|>");
  }

  @Test
  void templateVariants() {
    assertThat(ChatTemplate.render(VlmPrompt.text("hi")))
        .isEqualTo("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n");
    assertThat(ChatTemplate.render(List.of(ChatMessage.system("Be brief."), ChatMessage.user(1, "x")), false))
        .isEqualTo("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\n<|vision_start|><|image_pad|><|vision_end|>x<|im_end|>\n");
    assertThatThrownBy(() -> processor.tokenizer().encodeWithImages("<|image_pad|> and <|image_pad|>", new int[] {4}))
        .hasMessageContaining("2 <|image_pad|> placeholder(s) but 1 image(s)");
  }
}
