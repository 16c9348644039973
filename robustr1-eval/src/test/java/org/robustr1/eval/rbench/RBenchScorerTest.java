package org.robustr1.eval.rbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.robustr1.eval.GoldenFiles;

/** The notebook's judge procedure with a scripted judge, prompts, and the answer key loader. */
class RBenchScorerTest {

  private static final RBenchItem MCQ = new RBenchItem(1, "MMBench_35.jpg", "What's the function of the demonstrated object?",
      "A.running; B.Play football; C.Play tennis; D.Play basketball", "C", RBenchTask.MCQ, 1, 2);
  private static final RBenchItem VQA = new RBenchItem(2, "OKVQA_2.jpg", "What type of bike is on the ground?", "N", "bmx",
      RBenchTask.VQA, 1, 1);
  private static final RBenchItem CAP = new RBenchItem(3, "COCO_41.jpg", "Please describe", "N",
      "['A dog and cat.', \"A cat's nap.\", 'Two pets.']", RBenchTask.CAP, 1, 1);

  @Test
  void llmProcedureAggregatesAsTheNotebook() {
    List<String> prompts = new ArrayList<>();
    List<String> replies = new ArrayList<>(List.of("Score: 1", "Score:1", "0", "Score: 1", "oops",
        "Score: 2", "Score: 1", "Score: 2", "x", "Score: 2",
        "Score: 2", "Score: 0", "Score: 1"));
    RBenchScorer s = RBenchScorer.llm(p -> {
      prompts.add(p);
      return replies.remove(0);
    });
    assertThat(s.scoreAgainstKey(MCQ, "C")).isEqualTo(1.0); // 3 of 5 -> int(0.6 + 0.5) = 1
    assertThat(s.scoreAgainstKey(VQA, "a BMX bike")).isEqualTo(0.7); // (2+1+2+0+2)/10
    assertThat(s.scoreAgainstKey(CAP, "a dog")).isEqualTo(0.5); // (2+0+1)/(2*3)
    assertThat(prompts).hasSize(13);
    assertThat(prompts.get(0)).isEqualTo(
        "You will now be provided with a question [What's the function of the demonstrated object?] and a set of"
            + " options [A.running; B.Play football; C.Play tennis; D.Play basketball] with option [C] being the correct answer.\n"
            + "            Additionally, there will be an answer [C] provided by a respondent. Please determine whether the"
            + " respondent's answer is correct considering the context of the question.\n"
            + "            Even if the word choice is not completely the same, you can decide based on the given options and"
            + " see whether the one in the answer is close enough to the given correct answer\n"
            + "            The result is 1 if the answer is correct and else the result is 0. Please only provide the result"
            + " in the following format: Score:");
    assertThat(prompts.get(5)).startsWith("Given the question [What type of bike is on the ground?], evaluate whether the"
        + " response [a BMX bike] completely matches the correct answer [bmx]. \n            First, check");
    assertThat(prompts.get(11)).startsWith("Evaluate whether the sentence [a dog] completely matches the correct answer"
        + " [A cat's nap.]. \n");
    assertThat(RBenchScorer.parse("", 2)).isZero();
    assertThat(RBenchScorer.parse("Score: 3", 2)).isZero();
    assertThat(RBenchPrompts.inference(VQA)).isEqualTo("What type of bike is on the ground?. Please answer no more than 10 words");
  }

  @Test
  void offlineJudge() {
    RBenchScorer s = RBenchScorer.offline();
    assertThat(s.scoreAgainstKey(MCQ, "C")).isEqualTo(1.0);
    assertThat(s.scoreAgainstKey(MCQ, "(C) Play tennis")).isEqualTo(1.0);
    assertThat(s.scoreAgainstKey(MCQ, "Because")).isEqualTo(0.0);
    assertThat(s.scoreAgainstKey(VQA, "BMX.")).isEqualTo(1.0);
    assertThat(s.scoreAgainstKey(VQA, "a bmx bike")).isEqualTo(0.5);
    assertThat(s.scoreAgainstReferenceAnswer(MCQ, "B", "B.")).isEqualTo(1.0);
  }

  @Test
  void answerKeyIsReadFromGbk() {
    List<RBenchItem> key = RBenchFiles.readAnswerKey(GoldenFiles.rbenchFixtures().resolve("Ref_Release.csv"));
    assertThat(key).hasSize(1485);
    assertThat(key.stream().filter(k -> k.task() == RBenchTask.MCQ)).hasSize(495);
    assertThat(key.stream().filter(k -> k.choice().contains("\uff1b"))).hasSize(3);
    RBenchItem cap = key.stream().filter(k -> k.name().equals("COCO_41.jpg")).findFirst().orElseThrow();
    assertThat(org.robustr1.eval.text.PyLiteral.parseStringList(cap.answer())).hasSize(5)
        .first().isEqualTo("A dog and cat lying  together on an orange couch. ");
    List<RBenchFiles.Output> outs = RBenchFiles.readOutputs(GoldenFiles.rbenchFixtures().resolve("llava15_dis.csv"));
    assertThat(outs).hasSize(1485);
    for (int i = 0; i < key.size(); i++) {
      assertThat(outs.get(i).name()).isEqualTo(key.get(i).name());
    }
  }
}
