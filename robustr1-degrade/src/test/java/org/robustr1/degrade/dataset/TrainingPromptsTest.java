package org.robustr1.degrade.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.robustr1.core.chain.TypedStrength;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.testing.SharedData;

/** The training template against the research notes, and the template influence wording. */
class TrainingPromptsTest {

  @Test
  void robustTemplateIsTheOfficialString() throws IOException {
    assumeTrue(SharedData.root().isPresent(), SharedData.MISSING);
    Path md = SharedData.root().get().resolve("research/robust-r1.md");
    assumeTrue(Files.exists(md), SharedData.MISSING);
    String text = Files.readString(md, StandardCharsets.UTF_8);
    Matcher m =
        Pattern.compile("### 2\\.2 Training prompt template.*?```\\n(\\{Question\\}.*?)\\n```", Pattern.DOTALL)
            .matcher(text);
    assertThat(m.find()).isTrue();
    String official = m.group(1).replace("\\n", "\n");
    assertThat(TrainingPrompts.ROBUST_TEMPLATE).isEqualTo(official);
  }

  @Test
  void userTurnsWrapTheQuestionBlock() {
    String block = TrainingPrompts.questionBlock("What is it?", List.of("a", "b", "c", "d"));
    assertThat(block).isEqualTo("What is it?\n0. a\n1. b\n2. c\n3. d\n");
    assertThat(TrainingPrompts.chainUserTurn("What is it?", List.of("a", "b", "c", "d")))
        .startsWith("<image>What is it?\n0. a\n1. b\n2. c\n3. d\nFirst output the types of degradations")
        .endsWith("<ANSWER>final answer<ANSWER_END>");
    assertThat(TrainingPrompts.plainUserTurn("Q?", List.of("x", "y"))).isEqualTo("<image>Q?\n0. x\n1. y\n");
  }

  @Test
  void templateInfluenceHasOneSentencePerTypeScaledByStrength() {
    TemplateInfluenceAnnotator a = new TemplateInfluenceAnnotator();
    String t =
        a.influence(
            InfluenceRequest.of(
                "q",
                List.of(
                    TypedStrength.of(DegradationType.MOTION_BLUR, 0.2),
                    TypedStrength.of(DegradationType.JPEG_COMPRESSION, 0.5),
                    TypedStrength.of(DegradationType.DARK_ILLUMINATION, 0.9)),
                "Q?",
                List.of("a", "b", "c", "d"),
                "a"));
    assertThat(t)
        .isEqualTo(
            "Slight motion blur smears the picture along one direction, but most details are still easy to see."
                + " Moderate jpeg compression adds small blocks and rough edges, so some details are harder to see."
                + " Severe dark illumination makes the picture darker, so many details are hard to see.");
    assertThat(a.influence(InfluenceRequest.of("q", List.of(), "Q?", List.of(), "a")))
        .isEqualTo(TemplateInfluenceAnnotator.CLEAN);
    for (DegradationType type : DegradationType.official()) {
      String s = TemplateInfluenceAnnotator.sentence(TypedStrength.of(type, 0.7));
      assertThat(s).startsWith("Severe " + type.chainName() + " ").endsWith(".").doesNotContain("changes how");
    }
    assertThat(StrengthBand.of(0.34)).isEqualTo(StrengthBand.SLIGHT);
    assertThat(StrengthBand.of(0.35)).isEqualTo(StrengthBand.MODERATE);
    assertThat(StrengthBand.of(0.65)).isEqualTo(StrengthBand.SEVERE);
  }

  @Test
  void templateWithOwnWording() {
    TemplateInfluenceAnnotator a =
        TemplateInfluenceAnnotator.of(
            "All clear.",
            java.util.Map.of(DegradationType.MOTION_BLUR, "smears it"),
            "changes it",
            java.util.Map.of(
                StrengthBand.SLIGHT, "fine", StrengthBand.MODERATE, "harder", StrengthBand.SEVERE, "hard"));
    String t =
        a.influence(
            InfluenceRequest.of(
                "q",
                List.of(
                    TypedStrength.of(DegradationType.MOTION_BLUR, 0.5),
                    TypedStrength.of(DegradationType.GAUSSIAN_NOISE, 0.9)),
                "Q?",
                List.of("a", "b"),
                "a"));
    assertThat(t).isEqualTo("Moderate motion blur smears it, harder. Severe gaussian noise changes it, hard.");
    assertThat(a.influence(InfluenceRequest.of("q", List.of(), "Q?", List.of(), "a"))).isEqualTo("All clear.");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                TemplateInfluenceAnnotator.of(
                    "x", java.util.Map.of(), "y", java.util.Map.of(StrengthBand.SLIGHT, "fine")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MODERATE");
  }
}
