package org.robustr1.demo.pretrain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PretrainEvalTest {

  @Test
  void sameAnswerComparesWhereExplanationsEnd() {
    String target = "The blue object is a triangle. It is in the top left. So the answer is triangle.";
    assertThat(PretrainEval.SAME_ANSWER.test("The blue object is a circle. So the answer is triangle.", target)).isTrue();
    assertThat(PretrainEval.SAME_ANSWER.test("The blue object is a triangle. So the answer is circle.", target)).isFalse();
    assertThat(PretrainEval.SAME_ANSWER.test("The blue object is a triangle.", target)).isFalse();
    assertThat(PretrainEval.SAME_ANSWER.test(" top left ", "top left")).isTrue();
    assertThat(PretrainEval.EXACT_MATCH.test("The blue object is a circle. So the answer is triangle.", target)).isFalse();
  }

  @Test
  void finalAnswerTakesTheLastConclusion() {
    assertThat(PretrainEval.finalAnswer("So the answer is red. So the answer is bottom right.")).isEqualTo("bottom right");
    assertThat(PretrainEval.finalAnswer("four")).isEqualTo("four");
  }
}
