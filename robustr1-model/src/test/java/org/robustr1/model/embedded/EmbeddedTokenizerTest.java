package org.robustr1.model.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.core.chain.RobustR1Prompts;
import org.robustr1.core.degradation.DegradationType;

class EmbeddedTokenizerTest {

  /** The Robust-R1 training template (robust-r1.md §2.2), verbatim. */
  private static final String TRAIN_TEMPLATE = "What color is the circle?" + RobustR1Prompts.TRAINING_INSTRUCTION;

  private static HuggingFaceTokenizer tok;

  @BeforeAll
  static void load() throws IOException {
    tok = EmbeddedTokenizer.load();
  }

  @AfterAll
  static void close() {
    if (tok != null) {
      tok.close();
    }
  }

  @Test
  void shippedResourcesEqualTheGeneratedFiles() throws IOException {
    assertThat(resource(EmbeddedTokenizer.RESOURCE)).isEqualTo(EmbeddedTokenizer.json());
    assertThat(resource(EmbeddedTokenizer.CONFIG_RESOURCE)).isEqualTo(EmbeddedTokenizer.configJson());
  }

  @Test
  void chainRoundTripsExactly() {
    String chain =
        "<TYPE>motion blur(0.45), jpeg compression(0.23)<TYPE_END>\n"
            + "<INFLUENCE>The image is blurry and the edges of the shapes are smeared.<INFLUENCE_END>\n"
            + "<REASONING>There is one circle in the top left of the picture. The circle is red.<REASONING_END>\n"
            + "<CONCLUSION>The circle is red.<CONCLUSION_END>\n<ANSWER>red<ANSWER_END>";
    Encoding e = tok.encode(chain);
    assertThat(e.getIds()).doesNotContain(0L);
    assertThat(tok.decode(e.getIds(), false)).isEqualTo(chain);
    assertThat(tok.decode(e.getIds(), true)).isEqualTo(chain);
    assertThat(Arrays.asList(e.getTokens()))
        .containsSubsequence("<TYPE>", "motion", " blur", "(", "0", ".", "4", "5", ")", ",", " jpeg")
        .contains("<TYPE_END>", "<ANSWER>", "<ANSWER_END>", "\n");
  }

  @Test
  void specialTokensAreSingleIdsAndSkippable() {
    String prompt =
        "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n"
            + "<|vision_start|><|image_pad|><|image_pad|><|image_pad|><|vision_end|>How many squares are there?"
            + "<|im_end|>\n<|im_start|>assistant\n";
    long[] ids = tok.encode(prompt).getIds();
    assertThat(ids).doesNotContain(0L);
    long pad = EmbeddedTokenizer.tokenId("<|image_pad|>");
    assertThat(Arrays.stream(ids).filter(i -> i == pad).count()).isEqualTo(3);
    assertThat(ids[0]).isEqualTo(EmbeddedTokenizer.tokenId("<|im_start|>"));
    assertThat(ids).contains(
        EmbeddedTokenizer.tokenId("<|im_end|>"),
        EmbeddedTokenizer.tokenId("<|vision_start|>"),
        EmbeddedTokenizer.tokenId("<|vision_end|>"));
    assertThat(tok.decode(ids, false)).isEqualTo(prompt);
    assertThat(tok.decode(ids, true))
        .isEqualTo("system\nYou are a helpful assistant.\nuser\nHow many squares are there?\nassistant\n");
  }

  @Test
  void qwenAddedTokensKeepTheirNamesAndOrder() {
    List<String> names =
        List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|object_ref_start|>", "<|object_ref_end|>",
            "<|box_start|>", "<|box_end|>", "<|quad_start|>", "<|quad_end|>", "<|vision_start|>", "<|vision_end|>",
            "<|vision_pad|>", "<|image_pad|>", "<|video_pad|>", "<tool_call>", "</tool_call>", "<|fim_prefix|>",
            "<|fim_middle|>", "<|fim_suffix|>", "<|fim_pad|>", "<|repo_name|>", "<|file_sep|>");
    int first = EmbeddedTokenizer.tokenId(names.get(0));
    for (int k = 0; k < names.size(); k++) {
      assertThat(EmbeddedTokenizer.tokenId(names.get(k))).isEqualTo(first + k);
      assertThat(tok.encode(names.get(k)).getIds()).containsExactly(first + k);
    }
    assertThat(first + names.size()).isEqualTo(EmbeddedTokenizer.size());
    assertThat(EmbeddedTokenizer.isSpecial("<|image_pad|>")).isTrue();
    assertThat(EmbeddedTokenizer.isSpecial("<tool_call>")).isFalse();
    assertThat(EmbeddedTokenizer.isSpecial("<TYPE>")).isFalse();
  }

  @Test
  void truncationIsOff() {
    String longText = String.join(" ", java.util.Collections.nCopies(1500, "blur"));
    assertThat(tok.encode(longText).getIds()).hasSize(1500);
  }

  @Test
  void unknownWordsBecomeUnk() {
    Encoding e = tok.encode("the xyzzy circle");
    assertThat(e.getIds()).containsExactly(
        EmbeddedTokenizer.tokenId("the"), 0L, EmbeddedTokenizer.tokenId(" circle"));
    assertThat(tok.decode(e.getIds(), false)).isEqualTo("the[UNK] circle");
    assertThatThrownBy(() -> EmbeddedTokenizer.tokenId("xyzzy")).hasMessageContaining("xyzzy");
  }

  @Test
  void coversPromptsDegradationNamesAndSceneTexts() {
    List<String> texts = new ArrayList<>();
    texts.add(TRAIN_TEMPLATE);
    texts.add(RobustR1Prompts.INFERENCE_INSTRUCTION);
    texts.add(
        Arrays.stream(DegradationType.values())
            .map(t -> t.chainName() + "(0.9)")
            .collect(Collectors.joining(", ")));
    texts.add("<answer> <ANSWER>2<ANSWER_END> </answer>");
    texts.add("What is the color of the diamond?\n0. red\n1. purple\n2. orange\n3. yellow\n");
    texts.add("In which part of the picture is the orange triangle? top left, upper right, lower left, bottom right");
    texts.add("How many circles are in the picture? one two three four 1 2 3 4");
    texts.add("What is the largest shape in the picture? Which shape is the largest? round rhombus box violet");
    texts.add("What shape is the green object? What is the shape of the blue object?");
    texts.add(
        "The square has a yellow color. The other shapes are not triangles. So the color of the circle is blue. "
            + "I can count two squares in the picture. There is only one diamond. All the objects are circles. "
            + "Counting the triangles gives three. So the number of diamonds is four. It is near the top and on the "
            + "left side. Looking at the picture, the red circle is at the bottom right. The diamond is bigger than "
            + "the other shapes. All the other shapes are small. The largest object is an orange circle. The square "
            + "is the biggest object in the picture. So the largest shape is the triangle. The purple object is a "
            + "square. Only one object in the picture is green. It is a blue diamond in the top right of the picture.");
    for (String t : texts) {
      long[] ids = tok.encode(t).getIds();
      assertThat(ids).as(t).doesNotContain(0L);
      assertThat(tok.decode(ids, false)).isEqualTo(t);
    }
  }

  @Test
  void writtenFilesLoadWithTheSameIds(@TempDir Path dir) throws IOException {
    Path file = EmbeddedTokenizer.write(dir);
    assertThat(dir.resolve(EmbeddedTokenizer.CONFIG_FILE_NAME)).exists();
    try (HuggingFaceTokenizer fromFile = HuggingFaceTokenizer.newInstance(file, EmbeddedTokenizer.djlOptions())) {
      String s = "<|im_start|>user\n<TYPE>lens flare(0.23)<TYPE_END><|im_end|>";
      assertThat(fromFile.encode(s).getIds()).containsExactly(tok.encode(s).getIds());
    }
  }

  @Test
  void vocabularyIsDeterministicAndDistinct() {
    List<String> all = EmbeddedTokenizer.tokens();
    assertThat(all).doesNotHaveDuplicates();
    assertThat(all.get(0)).isEqualTo(EmbeddedTokenizer.UNK);
    assertThat(EmbeddedTokenizer.modelVocabulary()).contains("blur", " blur", "Blur", " Blur", "\n", " (", "7");
    assertThat(EmbeddedTokenizer.json()).isEqualTo(EmbeddedTokenizer.json());
  }

  private static String resource(String name) throws IOException {
    try (InputStream is = EmbeddedTokenizer.class.getResourceAsStream(name)) {
      assertThat(is).as(name).isNotNull();
      return new String(is.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
