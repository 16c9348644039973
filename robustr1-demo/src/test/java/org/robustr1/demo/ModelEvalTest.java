package org.robustr1.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.robustr1.degrade.scenes.QuestionKind;

class ModelEvalTest {

  private static ModelEval.Item item(String track, String prediction, boolean hit) {
    return new ModelEval.Item(track, 0, "q", "What shape is the green object?", QuestionKind.SHAPE, "circle", prediction, hit,
        true, Map.of(), 10);
  }

  private static String chain(String conclusion, String answer) {
    return "<TYPE><TYPE_END>\n<INFLUENCE>No damage.<INFLUENCE_END>\n<REASONING>It is a circle.<REASONING_END>\n"
        + "<CONCLUSION>" + conclusion + "<CONCLUSION_END>\n<ANSWER>" + answer + "<ANSWER_END>";
  }

  @Test
  void conclusionChecksCompareTheAnswerWithTheAnswerTheConclusionStates() {
    List<ModelEval.Item> items = List.of(
        item("clean", chain("So the answer is circle.", "circle"), true),
        item("clean", chain("So the answer is circle.", "diamond"), false),
        item("clean", chain("So the answer is square.", " Square "), false),
        item("clean", chain("It must be round.", "circle"), true),
        item("100", "no chain at all", false));
    ModelEval e = ModelEval.of("sft", true, Map.of(
        "clean", new ModelEval.TrackAccuracy("clean", 0, 4, 0.5), "100", new ModelEval.TrackAccuracy("100", 0.9, 1, 0)), items);

    ModelEval.ConclusionCheck clean = e.conclusionChecks().get("clean");
    assertThat(clean.n()).isEqualTo(4);
    assertThat(clean.mismatch()).as("diamond after circle, and a CONCLUSION without a stated answer").isCloseTo(0.5, within(1e-9));
    assertThat(clean.conclusionAccuracy()).isCloseTo(0.5, within(1e-9));
    assertThat(e.conclusionChecks().get("100").mismatch()).isEqualTo(1.0);

    assertThat(ModelEval.of("baseline", false, Map.of("clean", new ModelEval.TrackAccuracy("clean", 0, 1, 1)),
        List.of(item("clean", "circle", true))).conclusionChecks()).isEmpty();
  }
}
