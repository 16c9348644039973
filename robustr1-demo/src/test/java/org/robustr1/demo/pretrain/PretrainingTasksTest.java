package org.robustr1.demo.pretrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.model.embedded.EmbeddedModel;
import org.robustr1.model.embedded.EmbeddedTokenizer;
import org.robustr1.model.tokenizer.QwenTokenizer;

class PretrainingTasksTest {

  @TempDir Path tmp;

  @Test
  void samplesAreDeterministicPerIndexAndUseOnlyKnownWords() throws Exception {
    PretrainingTasks a = PretrainingTasks.of(5, EmbeddedModel.IMAGE_SIZE, PretrainingTasks.EXPLAINED_CHOICES_MIX);
    PretrainingTasks b = PretrainingTasks.of(5, EmbeddedModel.IMAGE_SIZE, PretrainingTasks.EXPLAINED_CHOICES_MIX);
    int unk = EmbeddedTokenizer.tokenId(EmbeddedTokenizer.UNK);
    Set<PretrainingTasks.Task> seen = EnumSet.noneOf(PretrainingTasks.Task.class);
    try (QwenTokenizer tok = QwenTokenizer.load(EmbeddedModel.writeCheckpointFiles(tmp))) {
      for (long i = 0; i < 400; i++) {
        PretrainingTasks.Sample s = a.sample(i);
        PretrainingTasks.Sample again = b.sample(i);
        assertThat(again.user()).isEqualTo(s.user());
        assertThat(again.target()).isEqualTo(s.target());
        assertThat(again.task()).isEqualTo(s.task());
        assertThat(tok.encode(s.user())).as(s.user()).doesNotContain(unk);
        assertThat(tok.encode(s.target())).as(s.target()).doesNotContain(unk);
        assertThat(s.user() + s.target()).doesNotContain("<TYPE>", "<ANSWER>", "<REASONING>");
        if (s.image() != null) {
          assertThat(s.image().width()).isEqualTo(EmbeddedModel.IMAGE_SIZE);
          assertThat(again.image().pixels()).isEqualTo(s.image().pixels());
        }
        seen.add(s.task());
      }
    }
    assertThat(seen).containsExactlyInAnyOrderElementsOf(PretrainingTasks.EXPLAINED_CHOICES_MIX.keySet());
  }

  @Test
  void recallKeyPutsTheKeyFarFromTheQuestion() {
    PretrainingTasks t = PretrainingTasks.of(1, EmbeddedModel.IMAGE_SIZE);
    for (long i = 0; i < 300; i++) {
      PretrainingTasks.Sample s = t.sample(i);
      if (s.task() == PretrainingTasks.Task.RECALL_KEY) {
        assertThat(s.user()).startsWith("The key is " + s.target() + ".").endsWith("What is the key?");
        assertThat(s.user().split(" ").length).isGreaterThan(20);
      }
    }
  }

  @Test
  void captionNamesEveryObjectInReadingOrder() {
    PretrainingTasks t = PretrainingTasks.of(2, EmbeddedModel.IMAGE_SIZE);
    for (long i = 0; i < 300; i++) {
      PretrainingTasks.Sample s = t.sample(i);
      if (s.task() == PretrainingTasks.Task.CAPTION) {
        assertThat(s.user()).isEqualTo(PretrainingTasks.DESCRIBE);
        String[] sentences = s.target().split("\\. ");
        int objects = sentences.length - 1;
        String[] numbers = {"zero", "one", "two", "three", "four", "five"};
        assertThat(sentences[0]).as(s.target()).contains(" " + numbers[objects] + " shape");
        for (int k = 1; k < sentences.length; k++) {
          assertThat(sentences[k]).as(s.target()).matches("An? [a-z ]+ is in the (top|bottom) (left|right)\\.?");
        }
      }
    }
  }

  @Test
  void theDefaultMixNeverAsksForExplainedChoices() {
    PretrainingTasks t = PretrainingTasks.of(3, EmbeddedModel.IMAGE_SIZE);
    for (long i = 0; i < 400; i++) {
      assertThat(t.sample(i).task()).isNotEqualTo(PretrainingTasks.Task.EXPLAIN_CHOICES);
    }
  }

  @Test
  void explainedChoicesShowTheChoicesAndEndInTheAnswer() {
    PretrainingTasks t = PretrainingTasks.of(4, EmbeddedModel.IMAGE_SIZE, PretrainingTasks.EXPLAINED_CHOICES_MIX);
    int n = 0;
    for (long i = 0; i < 400; i++) {
      PretrainingTasks.Sample s = t.sample(i);
      if (s.task() == PretrainingTasks.Task.EXPLAIN_CHOICES) {
        n++;
        assertThat(s.image()).isNotNull();
        assertThat(s.user()).contains("\n0. ", "\n3. ").endsWith("Explain the answer.");
        String answer = s.target().substring(s.target().lastIndexOf("So the answer is ") + 17, s.target().length() - 1);
        assertThat(s.user()).as(s.user()).contains(". " + answer + "\n");
      }
    }
    assertThat(n).isGreaterThan(30);
  }

  @Test
  void explainThenAnswerIsTheExplanationWithTheAnswerAgain() throws Exception {
    try (QwenTokenizer tok = QwenTokenizer.load(EmbeddedModel.writeCheckpointFiles(tmp))) {
      int n = forEachExplanation(PretrainingTasks.Task.EXPLAIN_THEN_ANSWER, (x, y, answer) -> {
        assertThat(y.target()).isEqualTo(x.target() + "\nAnswer: " + answer);
        assertThat(tok.encode(y.target())).as(y.target()).doesNotContain(EmbeddedTokenizer.tokenId(EmbeddedTokenizer.UNK));
      });
      assertThat(n).isGreaterThan(40);
    }
  }

  @Test
  void explainThenAnswerLineEndsWithTheAnswerTokensOfAChainsAnswerSection() throws Exception {
    try (QwenTokenizer tok = QwenTokenizer.load(EmbeddedModel.writeCheckpointFiles(tmp))) {
      int n = forEachExplanation(PretrainingTasks.Task.EXPLAIN_THEN_ANSWER_LINE, (x, y, answer) -> {
        assertThat(y.target()).isEqualTo(x.target() + "\n" + answer);
        int[] ids = tok.encode(y.target());
        int[] chainAnswer = tok.encode("<ANSWER>" + answer + "<ANSWER_END>");
        int[] answerIds = java.util.Arrays.copyOfRange(chainAnswer, 1, chainAnswer.length - 1);
        assertThat(java.util.Arrays.copyOfRange(ids, ids.length - answerIds.length, ids.length))
            .as("the last line of %s tokenised as in <ANSWER>", y.target()).isEqualTo(answerIds);
        assertThat(tok.encode(" " + answer)[0]).as("the spaced token of \"So the answer is %s.\"", answer)
            .isNotEqualTo(answerIds[0]);
      });
      assertThat(n).isGreaterThan(40);
    }
  }

  /** Checks one {@code EXPLAIN_CHOICES} sample, its variant of the same index and the answer it states. */
  private interface ExplanationCheck {
    void check(PretrainingTasks.Sample explained, PretrainingTasks.Sample variant, String answer);
  }

  /**
   * Draws 200 samples of QUESTION / MULTIPLE_CHOICE / EXPLAIN_CHOICES and of the same mix with
   * {@code variant} in place of EXPLAIN_CHOICES: the same user turns and the same samples but for
   * the explanations, each of which {@code check} sees. Returns how many it saw.
   */
  private static int forEachExplanation(PretrainingTasks.Task variant, ExplanationCheck check) {
    PretrainingTasks a = PretrainingTasks.of(4, EmbeddedModel.IMAGE_SIZE, Map.of(PretrainingTasks.Task.QUESTION, 1.0,
        PretrainingTasks.Task.MULTIPLE_CHOICE, 1.0, PretrainingTasks.Task.EXPLAIN_CHOICES, 1.0));
    PretrainingTasks b = PretrainingTasks.of(4, EmbeddedModel.IMAGE_SIZE, Map.of(PretrainingTasks.Task.QUESTION, 1.0,
        PretrainingTasks.Task.MULTIPLE_CHOICE, 1.0, variant, 1.0));
    int n = 0;
    for (long i = 0; i < 200; i++) {
      PretrainingTasks.Sample x = a.sample(i);
      PretrainingTasks.Sample y = b.sample(i);
      assertThat(y.user()).isEqualTo(x.user());
      if (x.task() == PretrainingTasks.Task.EXPLAIN_CHOICES) {
        n++;
        assertThat(y.task()).isEqualTo(variant);
        check.check(x, y, x.target().substring(x.target().lastIndexOf("So the answer is ") + 17, x.target().length() - 1));
      } else {
        assertThat(y.task()).isEqualTo(x.task());
        assertThat(y.target()).isEqualTo(x.target());
      }
    }
    return n;
  }
}
