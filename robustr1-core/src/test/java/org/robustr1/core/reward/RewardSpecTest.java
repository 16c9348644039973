package org.robustr1.core.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.robustr1.core.chain.OfficialParsing;
import org.robustr1.core.chain.OfficialTypeEntry;
import org.robustr1.core.degradation.AppliedDegradation;
import org.robustr1.core.degradation.DegradationRecord;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.core.length.LengthPolicy;

/** The worked examples of research/robust-r1.md §2.4, with the numbers stated there. */
class RewardSpecTest {

  static final String GT =
      "<TYPE>motion blur(0.45)<TYPE_END>\n<INFLUENCE>...<INFLUENCE_END>\n<REASONING>...<REASONING_END>\n"
          + "<CONCLUSION>...<CONCLUSION_END>\n<ANSWER>3<ANSWER_END>";

  private static String chain(String types, String answer) {
    return "<TYPE>" + types + "<TYPE_END>\n<INFLUENCE>i<INFLUENCE_END>\n<REASONING>r<REASONING_END>\n"
        + "<CONCLUSION>c<CONCLUSION_END>\n<ANSWER>" + answer + "<ANSWER_END>";
  }

  private static List<String> entries(String types) {
    return OfficialParsing.typeEntries(types).stream()
        .map(e -> e.name() + "=" + e.strength())
        .toList();
  }

  @Test
  void typeListParsingExamples() {
    assertThat(entries("motion blur(0.45), jpeg compression(0.3)"))
        .containsExactly("motion blur=0.45", "jpeg compression=0.3");
    assertThat(entries("noise (0.3)")).isEmpty();
    assertThat(entries("the strength of motion blur(0.45)"))
        .containsExactly("the strength of motion blur=0.45");
    assertThat(entries("motion blur(0.1) and noise(0.2)"))
        .containsExactly("motion blur=0.1", "and noise=0.2");
    assertThat(entries("low-light(0.5)")).containsExactly("light=0.5");
    List<OfficialTypeEntry> bad = OfficialParsing.typeEntries("blur(.), noise(0.4.5), fog(.5)");
    assertThat(bad).extracting(OfficialTypeEntry::wellFormed).containsExactly(false, false, true);
    assertThat(bad.get(2).strength()).isEqualTo(0.5);
  }

  @Test
  void degradationRewardExamples() {
    DegradationReward r = DegradationReward.official();
    RewardContext one = RewardContext.ofAssistantTurn(chain("motion blur(0.45)", "3"));
    // best case: 1.5 per correct type with the exact strength
    assertThat(r.reward(chain("motion blur(0.45)", "3"), one)).isEqualTo(1.5);
    RewardContext two =
        RewardContext.ofAssistantTurn(chain("motion blur(0.45), jpeg compression(0.3)", "3"));
    assertThat(r.reward(chain("motion blur(0.45), jpeg compression(0.3)", "3"), two)).isEqualTo(3.0);
    // a wrong type costs -2 (-1 spurious, -1 missed)
    assertThat(r.reward(chain("jpeg compression(0.45)", "3"), one)).isEqualTo(-2.0);
    // both empty: 0
    assertThat(r.reward(chain("", "3"), RewardContext.ofAssistantTurn(chain("", "3")))).isEqualTo(0.0);
    assertThat(r.reward("no tags at all", RewardContext.ofAssistantTurn("no tags"))).isEqualTo(0.0);
    // strength error: 1 + (0.5 - |0.3 - 0.45|) = 1.35
    assertThat(r.reward(chain("motion blur(0.3)", "3"), one)).isCloseTo(1.35, within(1e-12));
    // 1 + (0.5 - 0.9) = 0.6 for a strength off by 0.9
    assertThat(r.reward(chain("motion blur(0.9)", "3"), RewardContext.ofAssistantTurn(chain("motion blur(0.0)", "3"))))
        .isCloseTo(0.6, within(1e-12));
    // duplicates in P each count; exact, case-sensitive names
    assertThat(r.reward(chain("motion blur(0.45), motion blur(0.45)", "3"), one)).isEqualTo(3.0);
    assertThat(r.reward(chain("Motion blur(0.45)", "3"), one)).isEqualTo(-2.0);
    // a repeated GT name keeps its last strength
    RewardContext dup = RewardContext.ofAssistantTurn(chain("fog(0.1), fog(0.3)", "3"));
    assertThat(r.reward(chain("fog(0.3)", "3"), dup)).isEqualTo(1.5);
    // missing GT types: -1 each
    assertThat(r.reward(chain("", "3"), two)).isEqualTo(-2.0);
    // a malformed strength: skipped by default, thrown on request
    assertThat(r.reward(chain("motion blur(0.4.5)", "3"), one)).isEqualTo(-1.0);
    assertThatThrownBy(
            () -> r.withMalformed(DegradationReward.Malformed.THROW)
                .reward(chain("motion blur(0.4.5)", "3"), one))
        .hasMessageContaining("0.4.5");
  }

  @Test
  void boundedDegradationRewardIsTheReferenceNormaliser() {
    RewardContext one = RewardContext.ofAssistantTurn(chain("motion blur(0.45)", "3"));
    // 2*sigmoid(1*1.5) - 1 = tanh(0.75); 2*sigmoid(2*-2) - 1 = -tanh(2)
    assertThat(DegradationReward.bounded().reward(chain("motion blur(0.45)", "3"), one))
        .isCloseTo(Math.tanh(0.75), within(1e-12));
    assertThat(DegradationReward.bounded().reward(chain("fog(0.45)", "3"), one))
        .isCloseTo(-Math.tanh(2), within(1e-12));
    assertThat(DegradationReward.normalize(0)).isEqualTo(0.0);
    for (double x = -50; x <= 50; x += 0.5) {
      assertThat(DegradationReward.normalize(x)).isBetween(-1.0, 1.0);
    }
  }

  @Test
  void accuracyExamples() {
    RewardContext ctx = RewardContext.ofAssistantTurn(GT);
    AccuracyReward acc = AccuracyReward.official();
    assertThat(acc.reward(chain("", "3"), ctx)).isEqualTo(1.0);
    assertThat(acc.reward(chain("", "  3\n"), ctx)).isEqualTo(1.0);
    assertThat(acc.reward(chain("", "3."), ctx)).isEqualTo(0.0);
    assertThat(acc.reward(chain("", "cars"), ctx)).isEqualTo(0.0);
    assertThat(acc.reward("no answer", ctx)).isEqualTo(0.0);
    // neither has the tag: None == None
    assertThat(acc.reward("no answer", RewardContext.ofAssistantTurn("no answer either"))).isEqualTo(1.0);
    RewardContext b = RewardContext.ofAssistantTurn(chain("", "B"));
    assertThat(acc.reward(chain("", "b"), b)).isEqualTo(0.0);
    AccuracyReward norm = AccuracyReward.normalized();
    assertThat(norm.reward(chain("", "b"), b)).isEqualTo(1.0);
    assertThat(norm.reward(chain("", "3. cars"), ctx)).isEqualTo(1.0);
    assertThat(norm.reward(chain("", "(3)"), ctx)).isEqualTo(1.0);
    assertThat(norm.reward(chain("", "30"), ctx)).isEqualTo(0.0);
    assertThat(norm.reward("no answer", RewardContext.ofAssistantTurn("no answer either"))).isEqualTo(0.0);
  }

  @Test
  void formatExamples() {
    RewardContext ctx = RewardContext.ofAssistantTurn(GT);
    FormatReward f = FormatReward.official();
    assertThat(f.reward(GT, ctx)).isEqualTo(1.0);
    // re.search: text before <TYPE> and after <ANSWER_END> is fine
    assertThat(f.reward("Sure! " + GT + " Hope this helps.", ctx)).isEqualTo(1.0);
    // only whitespace may separate an _END tag from the next opening tag
    assertThat(f.reward(GT.replace("<TYPE_END>\n", "<TYPE_END> so "), ctx)).isEqualTo(0.0);
    assertThat(f.reward(GT.replace("<REASONING_END>", ""), ctx)).isEqualTo(0.0);
    assertThat(f.reward(GT.replace("\n", " \t\n "), ctx)).isEqualTo(1.0);
    FormatReward strict = FormatReward.strict();
    assertThat(strict.reward(GT, ctx)).isEqualTo(1.0);
    assertThat(strict.reward("Sure! " + GT, ctx)).isEqualTo(0.0);
    assertThat(strict.reward(GT + GT, ctx)).isEqualTo(0.0);
  }

  @Test
  void lengthExamples() {
    TokenCounter chars = CharSequence::length;
    RewardContext t100 = RewardContext.builder().optAnswer("3").optTargetLength(100).build();
    LengthReward len = LengthReward.official(chars);
    assertThat(len.reward("x".repeat(100), t100)).isEqualTo(1.0);
    // 1 - |200 - 100| / 100 = 0. (§2.4 says "-1 when the response is twice the target"; the
    // reference formula it quotes gives 0 there and -1 at three times the target.)
    assertThat(len.reward("x".repeat(200), t100)).isEqualTo(0.0);
    assertThat(len.reward("x".repeat(300), t100)).isEqualTo(-1.0);
    assertThat(len.reward("x".repeat(50), t100)).isEqualTo(0.5);
    assertThat(len.reward("x".repeat(400), t100)).isEqualTo(-2.0); // unbounded below
    assertThat(LengthReward.clipped(chars).reward("x".repeat(400), t100)).isEqualTo(0.0);
    // the official target is the token length of "<answer> " + GT + " </answer>"
    TokenCounter ws = TokenCounter.whitespace();
    RewardContext gt = RewardContext.ofAssistantTurn("<answer>X</answer>");
    assertThat(gt.solution()).contains("<answer> X </answer>");
    assertThat(LengthReward.official(ws).targetLength(gt)).isEqualTo(3.0);
    assertThat(LengthReward.official(ws).reward("a b c", gt)).isEqualTo(1.0);
    assertThat(LengthReward.official(ws).reward("a b c d e f", gt)).isEqualTo(0.0);
    assertThat(LengthReward.official(ws).reward("a", gt)).isEqualTo(1 - 2.0 / 3);
  }

  @Test
  void lengthTargetFromPolicyWithoutReferenceChain() {
    DegradationRecord rec =
        DegradationRecord.of(AppliedDegradation.of(DegradationType.MOTION_BLUR, 0.45));
    RewardContext ctx = RewardContext.builder().optAnswer("3").optRecord(rec).build();
    TokenCounter chars = CharSequence::length;
    LengthReward len =
        LengthReward.builder()
            .optTokenCounter(chars)
            .optLengthPolicy(LengthPolicy.linear(100, 300))
            .build();
    assertThat(len.targetLength(ctx)).isCloseTo(190.0, within(1e-9));
    assertThat(len.reward("x".repeat(190), ctx)).isCloseTo(1.0, within(1e-12));
    // reference TYPE entries come from the record
    assertThat(DegradationReward.official().reward(chain("motion blur(0.45)", "3"), ctx)).isEqualTo(1.5);
    assertThatThrownBy(() -> len.reward("x", RewardContext.builder().optAnswer("3").build()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no length target");
  }

  @Test
  void officialCompositeSumsTheFourRewards() {
    RewardContext ctx = RewardContext.ofAssistantTurn(GT);
    TokenCounter ws = TokenCounter.whitespace();
    CompositeReward total = CompositeReward.official(ws);
    RewardResult same = total.score(GT, ctx);
    // solution "<answer> " + GT + " </answer>" has 2 more whitespace tokens than GT
    double len = 1 - 2.0 / ws.count(ctx.solution().orElseThrow());
    assertThat(same.components())
        .containsExactly(
            java.util.Map.entry("accuracy_reward", 1.0),
            java.util.Map.entry("format_reward_robust", 1.0),
            java.util.Map.entry("type_reward", 1.5),
            java.util.Map.entry("length_reward", len));
    assertThat(same.value()).isEqualTo(1.0 + 1.0 + 1.5 + len);
    assertThat(total.reward(GT, ctx)).isEqualTo(same.value());
    CompositeReward weighted =
        CompositeReward.builder().add(AccuracyReward.official(), 2).add(FormatReward.strict(), 0.5).build();
    assertThat(weighted.reward(GT, ctx)).isEqualTo(2.5);
    assertThatThrownBy(
            () -> CompositeReward.builder().add(AccuracyReward.official()).add(AccuracyReward.official()))
        .hasMessageContaining("accuracy_reward");
  }

  @Test
  void approximateCounterSplitsLikeTheQwenPreTokenizer() {
    TokenCounter c = TokenCounter.approximate();
    assertThat(c.count("")).isEqualTo(0);
    assertThat(c.count("Hello world")).isEqualTo(2); // "Hello", " world"
    assertThat(c.count("I'm 123 ok!\n\n")).isEqualTo(8); // I 'm ␠ 1 2 3 ␠ok !\n\n
    assertThat(c.count("a  b")).isEqualTo(3); // a, ␠, ␠b
    assertThat(c.count("<TYPE>motion blur(0.45)<TYPE_END>"))
        .isEqualTo(12); // <TYPE >motion ␠blur ( 0 . 4 5 )< TYPE _END >
  }
}
