package org.robustr1.eval.matching;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.robustr1.eval.GoldenFiles;

/** Every case of {@code golden/eval/vlmevalkit/can_infer.jsonl}, under all rule sets. */
class AnswerMatcherGoldenTest {

  private static String py(Optional<String> r) {
    return r.orElse("False");
  }

  private static String expected(JsonNode n) {
    return n.isBoolean() ? (n.booleanValue() ? "True" : "False") : n.asText();
  }

  @Test
  void reproducesEveryCaseUnderEveryRuleSet() {
    List<JsonNode> cases =
        GoldenFiles.jsonl(GoldenFiles.evalDir().resolve("vlmevalkit/can_infer.jsonl"));
    assertThat(cases).hasSize(273);
    List<String> mismatches = new ArrayList<>();
    int checked = 0;
    for (JsonNode c : cases) {
      Map<String, String> choices = GoldenFiles.pyChoices(c.get("choices"));
      String pred = c.get("prediction").asText();
      for (String version : List.of("legacy", "v2025", "current", "current_with_VERBOSE")) {
        JsonNode exp = c.get("expected").get(version);
        AnswerMatcher m =
            version.equals("current_with_VERBOSE")
                ? AnswerMatcher.withVerboseQuirk(MatchingRules.CURRENT)
                : AnswerMatcher.of(MatchingRules.parse(version));
        String[][] stages = {
          {"can_infer", py(m.canInfer(pred, choices))},
          {"can_infer_option", py(m.canInferOption(pred, choices))},
          {"can_infer_text", py(m.canInferText(pred, choices))}
        };
        for (String[] s : stages) {
          checked++;
          String want = expected(exp.get(s[0]));
          if (!want.equals(s[1])) {
            mismatches.add(c.get("id").asText() + "/" + version + "/" + s[0] + ": want " + want
                + " got " + s[1] + " for " + pred);
          }
        }
      }
    }
    assertThat(mismatches).as("mismatches").isEmpty();
    assertThat(checked).isEqualTo(273 * 4 * 3);
  }
}
