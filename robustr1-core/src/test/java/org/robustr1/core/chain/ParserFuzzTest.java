package org.robustr1.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.robustr1.core.reward.CompositeReward;
import org.robustr1.core.reward.FormatReward;
import org.robustr1.core.reward.RewardContext;

/**
 * The parsers never throw, and the regex-free official extraction agrees with the reference
 * regular expressions (compiled with java.util.regex, Unicode classes) on random inputs.
 */
class ParserFuzzTest {
  private static final String[] PIECES = {
    "<TYPE>", "<TYPE_END>", "<INFLUENCE>", "<INFLUENCE_END>", "<REASONING>", "<REASONING_END>",
    "<CONCLUSION>", "<CONCLUSION_END>", "<ANSWER>", "<ANSWER_END>", "<TYPE", "_END>", "<", ">",
    "motion blur", "(0.45)", "(", ")", ".", "0", "7", " ", "\n", "\t", ",", "a", "b", "_", "-",
    "\u00a0", "\u0663", "é", "\uD83D\uDE00", "\uD800", "%", "None"
  };

  private static final Pattern FORMAT =
      Pattern.compile(
          "<TYPE>.*?<TYPE_END>\\s*<INFLUENCE>.*?<INFLUENCE_END>\\s*<REASONING>.*?<REASONING_END>"
              + "\\s*<CONCLUSION>.*?<CONCLUSION_END>\\s*<ANSWER>.*?<ANSWER_END>",
          Pattern.DOTALL | Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern ANSWER = Pattern.compile("<ANSWER>(.*?)<ANSWER_END>", Pattern.DOTALL);
  private static final Pattern TYPE = Pattern.compile("<TYPE>(.*?)<TYPE_END>", Pattern.DOTALL);
  private static final Pattern ENTRY =
      Pattern.compile("(\\w+(?:\\s+\\w+)*)\\(([\\d.]+)\\)", Pattern.UNICODE_CHARACTER_CLASS);

  @Test
  void neverThrowsOnHundredThousandFuzzedInputs() {
    Random rnd = new Random(7);
    RewardContext ctx = RewardContext.ofAssistantTurn(ChainFormatTest.OFFICIAL_EXAMPLE);
    CompositeReward reward = CompositeReward.official();
    String valid = ChainFormatTest.OFFICIAL_EXAMPLE;
    int n = 0;
    for (int i = 0; i < 100_000; i++) {
      String s;
      switch (i % 4) {
        case 0 -> {
          byte[] b = new byte[rnd.nextInt(64)];
          rnd.nextBytes(b);
          s = new String(b, i % 8 == 0 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        }
        case 1 -> s = valid.substring(0, rnd.nextInt(valid.length() + 1));
        case 2 -> s = pieces(rnd, 1 + rnd.nextInt(40));
        default -> {
          int cut = rnd.nextInt(valid.length());
          s = valid.substring(0, cut) + valid + pieces(rnd, 3) + valid.substring(cut);
        }
      }
      ParsedChain p = ChainFormat.DEFAULT.parse(s);
      n += p.problems().size();
      reward.score(s, ctx);
      FormatReward.strict().reward(s, ctx);
    }
    assertThat(n).isPositive();
    assertThat(ChainFormat.DEFAULT.parse(null).problems()).hasSize(5);
  }

  @Test
  void oneMegabyteInputsParse() {
    Random rnd = new Random(11);
    List<String> big = new ArrayList<>();
    big.add("<TYPE>".repeat(1 << 17));
    big.add("(".repeat(1 << 20));
    big.add("a ".repeat(1 << 19) + "(0.5");
    big.add("<TYPE>" + "motion blur".repeat(1 << 16) + "<TYPE_END>");
    big.add("<TYPE>" + "a(1.1)".repeat(1 << 17) + "<TYPE_END>");
    big.add("<TYPE_END>\n".repeat(1 << 16) + "<TYPE>");
    big.add(pieces(rnd, 200_000));
    RewardContext ctx = RewardContext.ofAssistantTurn(ChainFormatTest.OFFICIAL_EXAMPLE);
    for (String s : big) {
      ParsedChain p = ChainFormat.DEFAULT.parse(s);
      assertThat(p.problems().size()).isLessThanOrEqualTo(101);
      CompositeReward.official().score(s, ctx);
    }
    assertThat(OfficialParsing.typeEntries(big.get(4).substring(6, big.get(4).length() - 10)))
        .hasSize(1 << 17);
  }

  @Test
  void officialExtractionAgreesWithTheReferenceRegexes() {
    Random rnd = new Random(3);
    for (int i = 0; i < 20_000; i++) {
      String s = pieces(rnd, rnd.nextInt(30));
      assertThat(OfficialParsing.formatMatches(s)).as(s).isEqualTo(FORMAT.matcher(s).find());
      Matcher a = ANSWER.matcher(s);
      assertThat(OfficialParsing.answerOrNull(s))
          .as(s)
          .isEqualTo(a.find() ? PythonText.strip(a.group(1)) : null);
      Matcher t = TYPE.matcher(s);
      assertThat(OfficialParsing.typeContentOrNull(s)).as(s).isEqualTo(t.find() ? t.group(1) : null);
      List<String> expected = new ArrayList<>();
      Matcher e = ENTRY.matcher(s);
      while (e.find()) {
        expected.add(e.group(1) + "|" + e.group(2));
      }
      assertThat(OfficialParsing.typeEntries(s))
          .as(s)
          .extracting(x -> x.name() + "|" + x.strengthText())
          .isEqualTo(expected);
    }
  }

  private static String pieces(Random rnd, int count) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < count; i++) {
      sb.append(PIECES[rnd.nextInt(PIECES.length)]);
    }
    return sb.toString();
  }
}
