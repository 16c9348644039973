package org.robustr1.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.robustr1.core.chain.ChainProblem.Kind;
import org.robustr1.core.degradation.AppliedDegradation;
import org.robustr1.core.degradation.DegradationRecord;
import org.robustr1.core.degradation.DegradationType;

class ChainFormatTest {

  /** The assistant turn of the official example row (research notes §2.1). */
  static final String OFFICIAL_EXAMPLE =
      "<TYPE>motion blur(0.45)<TYPE_END>\n<INFLUENCE>...<INFLUENCE_END>\n<REASONING>...<REASONING_END>\n"
          + "<CONCLUSION>...<CONCLUSION_END>\n<ANSWER>3<ANSWER_END>";

  @Test
  void rendersTheOfficialExampleExactly() {
    ReasoningChain c =
        ReasoningChain.builder()
            .optTypes(List.of(TypedStrength.of(DegradationType.MOTION_BLUR, 0.45)))
            .optInfluence("...")
            .optReasoning("...")
            .optConclusion("...")
            .setAnswer("3")
            .build();
    assertThat(ChainFormat.DEFAULT.render(c)).isEqualTo(OFFICIAL_EXAMPLE);
    ParsedChain p = ChainFormat.DEFAULT.parse(OFFICIAL_EXAMPLE);
    assertThat(p.problems()).isEmpty();
    assertThat(p.toChain()).contains(c);
    assertThat(OfficialParsing.formatMatches(OFFICIAL_EXAMPLE)).isTrue();
  }

  @Test
  void typeListUsesCommaSpaceAndTwoDecimalsHalfEven() {
    DegradationRecord r =
        DegradationRecord.of(
            AppliedDegradation.of(DegradationType.MOTION_BLUR, 0.45),
            AppliedDegradation.of(DegradationType.JPEG_COMPRESSION, 0.23),
            AppliedDegradation.of(DegradationType.GAUSSIAN_NOISE, 0.9),
            AppliedDegradation.of(DegradationType.GRAFFITI, 0.125));
    List<TypedStrength> types = ChainFormat.DEFAULT.typesOf(r);
    assertThat(ChainFormat.DEFAULT.renderTypes(types))
        .isEqualTo("motion blur(0.45), jpeg compression(0.23), gaussian noise(0.90), graffiti(0.12)");
    ReasoningChain c = ChainFormat.DEFAULT.chainOf(r, "i", "r", "c", "B");
    assertThat(ChainFormat.DEFAULT.parse(ChainFormat.DEFAULT.render(c)).toChain()).contains(c);
    assertThat(ChainFormat.builder().optShortestStrengths().build().formatStrength(0.4537))
        .isEqualTo("0.4537");
  }

  @Test
  void renderParseRoundTripOnRandomChains() {
    Random rnd = new Random(20260101L);
    ChainFormat[] formats = {
      ChainFormat.DEFAULT,
      ChainFormat.builder().optShortestStrengths().optSectionSeparator("\n\n").build(),
      ChainFormat.builder().optDecimals(3).optTypeSeparator("; ").optSectionSeparator("").build()
    };
    for (int i = 0; i < 1500; i++) {
      ChainFormat f = formats[i % formats.length];
      ReasoningChain c = randomChain(rnd, f);
      String text = f.render(c);
      ParsedChain p = f.parse(text);
      assertThat(p.isWellFormed()).as(text).isTrue();
      assertThat(p.toChain()).as(text).contains(c);
      assertThat(OfficialParsing.formatMatches(text)).isTrue();
      assertThat(OfficialParsing.answerOrNull(text)).isEqualTo(c.answer());
    }
  }

  private static ReasoningChain randomChain(Random rnd, ChainFormat f) {
    List<TypedStrength> types = new ArrayList<>();
    int n = rnd.nextInt(5);
    List<DegradationType> all =
        java.util.Arrays.stream(DegradationType.values())
            .filter(t -> DegradationType.lookup(t.chainName()).orElseThrow() == t)
            .toList();
    for (int k = 0; k < n; k++) {
      double s = f.decimals() < 0 ? rnd.nextDouble() : f.roundStrength(rnd.nextDouble() * 1.2);
      if (rnd.nextInt(4) == 0) {
        types.add(new TypedStrength(randomWords(rnd, "xyzq"), Optional.empty(), s));
      } else {
        types.add(TypedStrength.of(all.get(rnd.nextInt(all.size())), s));
      }
    }
    return new ReasoningChain(
        ImmutableList.copyOf(types),
        randomText(rnd),
        randomText(rnd),
        randomText(rnd),
        rnd.nextBoolean() ? Integer.toString(rnd.nextInt(5)) : randomText(rnd));
  }

  private static String randomWords(Random rnd, String letters) {
    StringBuilder sb = new StringBuilder();
    int words = 1 + rnd.nextInt(3);
    for (int w = 0; w < words; w++) {
      if (w > 0) {
        sb.append(' ');
      }
      int len = 2 + rnd.nextInt(6);
      for (int i = 0; i < len; i++) {
        sb.append(letters.charAt(rnd.nextInt(letters.length())));
      }
    }
    return sb.toString();
  }

  private static String randomText(Random rnd) {
    String alphabet = "abc XYZ  \n\t.,;:()<>_-0123456789éß漢\"'";
    StringBuilder sb = new StringBuilder();
    int len = rnd.nextInt(80);
    for (int i = 0; i < len; i++) {
      sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
    }
    if (rnd.nextInt(10) == 0) {
      sb.append("<TYPE"); // a tag prefix is not a tag
    }
    return sb.toString();
  }

  @Test
  void typeListToleratesCaseSpacingHyphensUnderscoresAndSeparators() {
    String text =
        "<TYPE>Motion-Blur (0.45); JPEG_compression(23%)\nand gaussian  noise: 0.5 , dark illumination"
            + "(0.3) and Lens Flare(0.7).<TYPE_END>";
    ParsedChain p = ChainFormat.DEFAULT.parse(text);
    assertThat(p.types())
        .extracting(t -> t.type().orElseThrow())
        .containsExactly(
            DegradationType.MOTION_BLUR,
            DegradationType.JPEG_COMPRESSION,
            DegradationType.GAUSSIAN_NOISE,
            DegradationType.DARK_ILLUMINATION,
            DegradationType.LENS_FLARE);
    assertThat(p.types()).extracting(TypedStrength::strength).containsExactly(0.45, 0.23, 0.5, 0.3, 0.7);
    assertThat(p.problems()).extracting(ChainProblem::kind).containsOnly(Kind.MISSING);
  }

  @Test
  void reportsUnknownNamesAndUnparsableStrengths() {
    ParsedChain p =
        ChainFormat.DEFAULT.parse("<TYPE>pixel rain(0.3), motion blur(0.4.5), haze, fog(abc)<TYPE_END>");
    assertThat(p.types()).hasSize(1);
    assertThat(p.types().get(0).name()).isEqualTo("pixel rain");
    assertThat(p.types().get(0).type()).isEmpty();
    assertThat(p.problems())
        .filteredOn(x -> x.kind() == Kind.UNKNOWN_TYPE)
        .singleElement()
        .satisfies(x -> assertThat(x.message()).contains("pixel rain"));
    assertThat(p.problems())
        .filteredOn(x -> x.kind() == Kind.UNPARSABLE_STRENGTH)
        .extracting(ChainProblem::message)
        .hasSize(3)
        .anySatisfy(m -> assertThat(m).contains("0.4.5"))
        .anySatisfy(m -> assertThat(m).contains("haze"))
        .anySatisfy(m -> assertThat(m).contains("abc"));
    assertThat(ChainFormat.DEFAULT.parse("<TYPE>None<TYPE_END>").types()).isEmpty();
  }

  @Test
  void reportsStructuralProblems() {
    assertKinds("", Kind.MISSING, Kind.MISSING, Kind.MISSING, Kind.MISSING, Kind.MISSING);
    assertKinds(
        "<TYPE>a(0.1)<TYPE_END><INFLUENCE>i<INFLUENCE_END><CONCLUSION>c<CONCLUSION_END>"
            + "<REASONING>r<REASONING_END><ANSWER>1<ANSWER_END>",
        Kind.OUT_OF_ORDER, Kind.UNKNOWN_TYPE);
    ParsedChain dup =
        parse("<TYPE><TYPE_END><INFLUENCE>i<INFLUENCE_END><REASONING>r<REASONING_END>"
            + "<CONCLUSION>c<CONCLUSION_END><ANSWER>1<ANSWER_END><ANSWER>2<ANSWER_END>");
    assertThat(kinds(dup)).containsExactly(Kind.DUPLICATED);
    assertThat(dup.answer()).contains("1");
    ParsedChain unclosed =
        parse("<TYPE>motion blur(0.2)\n<INFLUENCE>i<INFLUENCE_END><REASONING>r<REASONING_END>"
            + "<CONCLUSION>c<CONCLUSION_END><ANSWER>1");
    assertThat(kinds(unclosed)).containsExactly(Kind.UNCLOSED, Kind.UNCLOSED);
    assertThat(unclosed.types()).extracting(TypedStrength::strength).containsExactly(0.2);
    assertThat(unclosed.toChain()).isPresent();
    assertThat(unclosed.isWellFormed()).isFalse();
    assertKinds(
        "hi <TYPE><TYPE_END></INFLUENCE><INFLUENCE>i<INFLUENCE_END><REASONING_END><REASONING>r"
            + "<REASONING_END><CONCLUSION>c<CONCLUSION_END><ANSWER>1<ANSWER_END> bye",
        Kind.TEXT_OUTSIDE_SECTIONS, Kind.TEXT_OUTSIDE_SECTIONS, Kind.STRAY_CLOSE_TAG,
        Kind.TEXT_OUTSIDE_SECTIONS);
  }

  private static ParsedChain parse(String s) {
    return ChainFormat.DEFAULT.parse(s);
  }

  private static List<Kind> kinds(ParsedChain p) {
    return p.problems().stream().map(ChainProblem::kind).toList();
  }

  private static void assertKinds(String text, Kind... expected) {
    assertThat(kinds(parse(text))).as(text).containsExactlyInAnyOrder(expected);
  }

  @Test
  void chainRejectsTagsInTextAndReservedCharactersInNames() {
    assertThatThrownBy(() -> ReasoningChain.builder().optReasoning("x <ANSWER> y").setAnswer("1").build())
        .hasMessageContaining("REASONING")
        .hasMessageContaining("<ANSWER>");
    assertThatThrownBy(
            () -> ReasoningChain.builder()
                .optTypes(List.of(TypedStrength.named("blur, noise", 0.2)))
                .setAnswer("1")
                .build())
        .hasMessageContaining("blur, noise");
    assertThatThrownBy(() -> TypedStrength.named("blur", Double.NaN)).hasMessageContaining("NaN");
  }

  @Test
  void valueSemanticsAndReadableToString() {
    assertThat(ChainFormat.builder().build()).isEqualTo(ChainFormat.DEFAULT).hasSameHashCodeAs(ChainFormat.DEFAULT);
    assertThat(ChainFormat.builder().optDecimals(3).build()).isNotEqualTo(ChainFormat.DEFAULT);
    assertThat(ChainFormat.builder().optTypeSeparator("; ").build()).isNotEqualTo(ChainFormat.DEFAULT);
    assertThat(ChainFormat.DEFAULT)
        .hasToString("ChainFormat{sectionSeparator=\"\\n\", typeSeparator=\", \", decimals=2}");
    assertThat(ChainFormat.builder().optSectionSeparator(" \t").optShortestStrengths().build())
        .hasToString("ChainFormat{sectionSeparator=\" \\t\", typeSeparator=\", \", decimals=shortest}");
  }
}
