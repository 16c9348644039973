package org.robustr1.bench.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.robustr1.core.chain.ChainFormat;
import org.robustr1.core.chain.ParsedChain;
import org.robustr1.core.reward.CompositeReward;
import org.robustr1.core.reward.RewardResult;
import org.robustr1.core.reward.TokenCounter;

/** The benchmark inputs are what the benchmarks claim: clean chains of the requested length. */
class ChainFixturesTest {

  @Test
  void chainsHaveTheRequestedLengthAndParseCleanly() {
    TokenCounter counter = TokenCounter.approximate();
    for (String s : ChainFixtures.LENGTHS) {
      int tokens = Integer.parseInt(s);
      String text = ChainFixtures.completion(tokens);
      int n = counter.count(text);
      assertThat(n).as("tokens of the %s-token fixture", tokens).isBetween(Math.max(tokens, 40), tokens + 16);
      ParsedChain p = ChainFormat.DEFAULT.parse(text);
      assertThat(p.isClean()).as("problems: %s", p.problems()).isTrue();
      assertThat(p.types()).hasSize(2);
    }
  }

  @Test
  void theReferenceAgreesOnAnswerAndTypesButNotStrengths() {
    RewardResult r =
        CompositeReward.official().score(ChainFixtures.completion(512), ChainFixtures.reference(512));
    assertThat(r.components()).containsEntry("accuracy_reward", 1.0).containsEntry("format_reward_robust", 1.0);
    // two matched types, each 1 + (0.5 - 0.05)
    assertThat(r.components().get("type_reward")).isCloseTo(2.9, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void batchCompletionsDiffer() {
    List<String> batch = ChainFixtures.completions(8, 128);
    assertThat(batch).doesNotHaveDuplicates().hasSize(8);
  }
}
