package org.robustr1.eval.aokvqa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.robustr1.core.chain.PythonText;
import org.robustr1.core.io.AokvqaRecord;
import org.robustr1.eval.GoldenFiles;

/** {@code golden/eval/aokvqa}: official MC / DA scores per file and per question, and strict mode. */
class AokvqaGoldenTest {

  @Test
  void scenarios() {
    Path dir = GoldenFiles.evalDir().resolve("aokvqa");
    List<AokvqaRecord> ds = Aokvqa.load(dir.resolve("aokvqa_v1p0_val.json"));
    assertThat(ds).hasSize(12);
    int cases = 0;
    for (JsonNode sc : GoldenFiles.jsonl(dir.resolve("scenarios.jsonl"))) {
      String file = sc.get("predictions_file").asText();
      Aokvqa.Scores s = Aokvqa.evaluateFile(ds, Aokvqa.loadPredictions(dir.resolve(file)));
      JsonNode exp = sc.get("expected");
      List<String> printed = new ArrayList<>();
      String shortName = file.replace("predictions_", "");
      s.mc().ifPresent(v -> printed.add(shortName + " MC " + PythonText.floatRepr(v)));
      s.da().ifPresent(v -> printed.add(shortName + " DA " + PythonText.floatRepr(v)));
      List<String> want = new ArrayList<>();
      exp.get("printed").forEach(x -> want.add(x.asText()));
      assertThat(printed).as(file).containsExactlyElementsOf(want);
      for (JsonNode c : sc.get("cases")) {
        String qid = c.get("question_id").asText();
        List<AokvqaRecord> one = ds.stream().filter(q -> q.questionId().equals(qid)).toList();
        JsonNode p = c.get("prediction");
        Map<String, String> mc = new LinkedHashMap<>();
        Map<String, String> da = new LinkedHashMap<>();
        if (p.hasNonNull("multiple_choice")) {
          mc.put(qid, p.get("multiple_choice").asText());
        }
        if (p.hasNonNull("direct_answer")) {
          da.put(qid, p.get("direct_answer").asText());
        }
        assertThat(Aokvqa.evaluate(one, mc, true, false)).as(qid)
            .isCloseTo(c.get("expected").get("mc_percent").asDouble(), within(1e-12));
        if (c.get("expected").get("da_percent").isNull()) {
          assertThatThrownBy(() -> Aokvqa.evaluate(one, da, false, false)).hasMessageContaining("difficult");
        } else {
          assertThat(Aokvqa.evaluate(one, da, false, false)).as(qid)
              .isCloseTo(c.get("expected").get("da_percent").asDouble(), within(1e-12));
        }
        cases++;
      }
    }
    assertThat(cases).isEqualTo(48);
  }

  @Test
  void strictMode() {
    Path dir = GoldenFiles.evalDir().resolve("aokvqa");
    List<AokvqaRecord> ds = Aokvqa.load(dir.resolve("aokvqa_v1p0_val.json"));
    for (JsonNode c : GoldenFiles.jsonl(dir.resolve("strict.jsonl"))) {
      List<String> ids = new ArrayList<>();
      c.get("question_ids").forEach(x -> ids.add(x.asText()));
      List<AokvqaRecord> sub = ds.stream().filter(q -> ids.contains(q.questionId())).toList();
      Map<String, String> preds = new LinkedHashMap<>();
      c.get("predictions").fields().forEachRemaining(e -> preds.put(e.getKey(), e.getValue().asText()));
      boolean mc = c.get("multiple_choice").asBoolean();
      JsonNode exp = c.get("expected");
      if (exp.has("error")) {
        assertThatThrownBy(() -> Aokvqa.evaluate(sub, preds, mc, true))
            .hasMessageContaining("Prediction must be a valid choice");
      } else {
        assertThat(Aokvqa.evaluate(sub, preds, mc, true)).as(c.get("id").asText())
            .isCloseTo(exp.get("value").asDouble(), within(1e-12));
      }
    }
  }

  @Test
  void cocoPathsAndChoiceMapping() {
    AokvqaRecord q = new AokvqaRecord("val", 461751, "x", "What?",
        com.google.common.collect.ImmutableList.of("toothpick", "food", "popsicle stick", "cigarette"), 3,
        com.google.common.collect.ImmutableList.of(), false, com.google.common.collect.ImmutableList.of());
    assertThat(q.imagePath(Path.of("/coco")).toString()).isEqualTo("/coco/val2017/000000461751.jpg");
    assertThat(Aokvqa.multipleChoicePrompt(q)).isEqualTo("What?\n0. toothpick\n1. food\n2. popsicle stick\n3. cigarette\n");
    assertThat(Aokvqa.mapToChoice(q, "3")).isEqualTo("cigarette");
    assertThat(Aokvqa.mapToChoice(q, "D.")).isEqualTo("cigarette");
    assertThat(Aokvqa.mapToChoice(q, "It is a Cigarette")).isEqualTo("cigarette");
  }
}
