package org.robustr1.eval.matching;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.robustr1.eval.GoldenFiles;

/** {@code extract_answer.jsonl} (scripted judge) and {@code judge_prompt.jsonl}. */
class ChoiceExtractorGoldenTest {

  @Test
  void extractAnswerWithScriptedJudge() {
    List<JsonNode> cases =
        GoldenFiles.jsonl(GoldenFiles.evalDir().resolve("vlmevalkit/extract_answer.jsonl"));
    assertThat(cases).hasSize(16);
    for (JsonNode c : cases) {
      String id = c.get("id").asText();
      JsonNode item = c.get("item");
      Map<String, String> choices = GoldenFiles.pyChoices(item.get("options"));
      JsonNode exp = c.get("expected");
      List<String> asked = new ArrayList<>();
      ChoiceExtractor ex;
      if (c.get("judge").isNull()) {
        ex = ChoiceExtractor.exactMatching(AnswerMatcher.of(MatchingRules.CURRENT));
      } else {
        List<String> replies = new ArrayList<>();
        c.get("judge").get("replies").forEach(r -> replies.add(r.asText()));
        ex =
            ChoiceExtractor.withJudge(
                AnswerMatcher.of(MatchingRules.CURRENT),
                prompt -> {
                  asked.add(prompt);
                  return replies.get(asked.size() - 1);
                },
                42L);
      }
      ChoiceExtractor.Scored s =
          ex.score(
              item.get("question").asText(),
              choices,
              item.get("prediction").asText(),
              item.get("answer").asText());
      if (!exp.get("judge_calls").isNull()) {
        assertThat(asked).as(id + " judge calls").hasSize(exp.get("judge_calls").asInt());
        List<String> wantPrompts = new ArrayList<>();
        exp.get("judge_prompts").forEach(p -> wantPrompts.add(p.asText()));
        assertThat(asked).as(id + " prompts").containsExactlyElementsOf(wantPrompts);
        assertThat(s.extraction().judgePrompts()).containsExactlyElementsOf(wantPrompts);
      } else {
        assertThat(asked).isEmpty();
      }
      assertThat(s.extraction().log()).as(id + " log").isEqualTo(exp.get("log").asText());
      if (!exp.get("random_fallback_from").isNull()) {
        List<String> from = new ArrayList<>();
        exp.get("random_fallback_from").forEach(x -> from.add(x.asText()));
        assertThat(s.extraction().path()).isEqualTo(ChoiceExtractor.Path.RANDOM);
        assertThat(s.extraction().randomCandidates()).as(id).containsExactlyElementsOf(from);
        assertThat(from).contains(s.extraction().option());
      } else {
        assertThat(s.extraction().option()).as(id + " opt").isEqualTo(exp.get("opt").asText());
        assertThat(s.hit()).as(id + " hit").isEqualTo(exp.get("hit").asInt());
        assertThat(s.log()).as(id + " eval log").isEqualTo(exp.get("eval_log").asText());
      }
    }
  }

  @Test
  void randomFallbackIsSeeded() {
    JudgeModel silent = p -> "no idea";
    Map<String, String> ch = Map.of("A", "x", "B", "y");
    String a = ChoiceExtractor.withJudge(AnswerMatcher.of(MatchingRules.CURRENT), silent, 7)
        .extract("q", new java.util.TreeMap<>(ch), "???").option();
    String b = ChoiceExtractor.withJudge(AnswerMatcher.of(MatchingRules.CURRENT), silent, 7)
        .extract("q", new java.util.TreeMap<>(ch), "???").option();
    assertThat(a).isEqualTo(b).isIn("A", "B", "Z");
  }

  @Test
  void judgePrompts() {
    List<JsonNode> cases =
        GoldenFiles.jsonl(GoldenFiles.evalDir().resolve("vlmevalkit/judge_prompt.jsonl"));
    assertThat(cases).hasSize(15);
    for (JsonNode c : cases) {
      String id = c.get("id").asText();
      JsonNode exp = c.get("expected");
      Map<String, String> choices = GoldenFiles.pyChoices(c.get("options"));
      String q = c.get("question").asText();
      assertThat(JudgePrompts.optionString(choices)).as(id).isEqualTo(exp.get("option_str").asText());
      assertThat(JudgePrompts.usesChineseTemplate(q))
          .as(id)
          .isEqualTo(exp.get("template").asText().equals("cn"))
          .isEqualTo(exp.get("cn_string_question").asBoolean());
      assertThat(JudgePrompts.forItem(q, choices, c.get("prediction").asText()))
          .as(id)
          .isEqualTo(exp.get("prompt").asText());
      Map<String, String> present = new java.util.LinkedHashMap<>();
      choices.forEach((k, v) -> { if (v != null) { present.put(k, v); } });
      assertThat(AnswerMatcher.of(MatchingRules.CURRENT)
              .canInfer(c.get("prediction").asText(), present).isPresent())
          .as(id + " prefetch")
          .isEqualTo(!exp.get("prefetch_can_infer").isBoolean() || exp.get("prefetch_can_infer").asBoolean());
      List<String> asked = new ArrayList<>();
      ChoiceExtractor.Extraction ex = ChoiceExtractor.withJudge(
              AnswerMatcher.of(MatchingRules.CURRENT), p -> { asked.add(p); return "Z"; }, 1)
          .extract(q, choices, c.get("prediction").asText());
      assertThat(asked).as(id).first().isEqualTo(exp.get("prompt").asText());
      if (exp.has("opt_after_judge_replies_Z")) {
        assertThat(ex.option()).isEqualTo(exp.get("opt_after_judge_replies_Z").asText());
      }
    }
  }
}
