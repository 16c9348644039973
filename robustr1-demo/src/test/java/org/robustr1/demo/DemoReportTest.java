package org.robustr1.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.core.chain.ChainFormat;
import org.robustr1.core.chain.ReasoningChain;
import org.robustr1.core.chain.TypedStrength;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.degrade.scenes.QuestionKind;

/** The report of a synthetic run (no training): every section, the summary keys, the figures. */
class DemoReportTest {

  private static final int N = 40;
  private static final Map<String, Double> INTENSITY = Map.of("clean", 0.0, "25", 0.23, "50", 0.45, "100", 0.9);

  @TempDir Path out;

  /** Baseline right on i % 4 == 0 everywhere; SFT+GRPO the same on clean, on i % 2 == 0 at 100 %. */
  private static boolean hit(String model, String track, int i) {
    return switch (model) {
      case "baseline" -> i % 4 == 0;
      case "pretrained" -> i % 5 == 0;
      case "sft" -> i % 3 == 0;
      default -> track.equals("100") ? i % 2 == 0 : track.equals("clean") ? i % 4 == 0 : i % 4 == 0 || i % 8 == 1;
    };
  }

  private static ModelEval eval(String model) {
    boolean chain = DemoReport.CHAIN_MODELS.contains(model);
    List<ModelEval.Item> items = new ArrayList<>();
    Map<String, ModelEval.TrackAccuracy> acc = new LinkedHashMap<>();
    for (String t : DemoPipeline.TRACKS) {
      int hits = 0;
      for (int i = 0; i < N; i++) {
        double in = INTENSITY.get(t) * (0.5 + i / 80.0);
        Map<DegradationType, Double> applied = in == 0 ? Map.of() : Map.of(DegradationType.MOTION_BLUR, in);
        boolean h = hit(model, t, i);
        hits += h ? 1 : 0;
        String answer = h ? "red" : "blue";
        String pred = !chain ? answer
            : t.equals("100") && i == N - 1 ? "garbage without tags"
            : ChainFormat.DEFAULT.render(ReasoningChain.builder()
                .optTypes(applied.isEmpty() ? List.of() : List.of(TypedStrength.of(DegradationType.MOTION_BLUR, in)))
                .optInfluence("it blurs").optReasoning("the circle is " + answer).optConclusion(answer).setAnswer(answer).build());
        int tokens = chain ? 20 + (int) Math.round(30 * in) + i % 3 : 1;
        items.add(new ModelEval.Item(t, INTENSITY.get(t), String.format("q%02d", i), "What color is the circle?",
            QuestionKind.values()[i % QuestionKind.values().length], "red", pred, h,
            true, applied, tokens));
      }
      acc.put(t, new ModelEval.TrackAccuracy(t, INTENSITY.get(t), N, (double) hits / N));
    }
    return ModelEval.of(model, chain, acc, items);
  }

  private static TrainSummary sft(String description) {
    List<Map<String, Object>> curve = new ArrayList<>();
    for (int s = 1; s <= 40; s++) {
      curve.add(Map.of("step", s, "loss", 3 - 0.05 * s + (s % 2) * 0.1));
    }
    return new TrainSummary(description, 40, "loss", 2.9, 1.1, 0.1, 0, curve);
  }

  private static TrainSummary grpo() {
    List<Map<String, Object>> curve = new ArrayList<>();
    for (int s = 1; s <= 8; s++) {
      curve.add(Map.of("step", s, "reward", -1 + 0.25 * s, TrainCurves.RDEG, -0.5 + 0.1 * s,
          "rewards/accuracy_reward/mean", 0.2, "rewards/type_reward/std", 0.1));
    }
    return new TrainSummary("GRPO (4 official rewards)", 8, "reward", -0.625, 0.875, 2.0, 0, curve);
  }

  private DemoResult run(boolean full) {
    Map<String, ModelEval> evals = new LinkedHashMap<>();
    Map<String, TrainSummary> training = new LinkedHashMap<>();
    Map<String, List<PerceptionItem>> perception = new LinkedHashMap<>();
    evals.put("pretrained", eval("pretrained"));
    evals.put("baseline", eval("baseline"));
    training.put("baseline", sft("SFT answers only"));
    if (full) {
      evals.put("sft", eval("sft"));
      evals.put("sft+grpo", eval("sft+grpo"));
      training.put("sft", sft("SFT chains"));
      training.put("sft+grpo", grpo());
      perception.put("sft", PerceptionScoresTest.fiveImages().subList(0, 3));
      perception.put("sft+grpo", PerceptionScoresTest.fiveImages());
    }
    Map<String, Double> stages = new LinkedHashMap<>();
    stages.put("scenes", 1.5);
    stages.put("grpo", 20.0);
    stages.put("total", 123.4);
    return new DemoResult(DemoConfig.full(7), out, stages, evals, training, 100, 108, perception, 1, 1);
  }

  @Test
  void writesEverySectionTheSummaryAndDecodableFigures() throws Exception {
    Files.writeString(out.resolve("degradation_type_accuracy.png"), "stale figure of an earlier version");
    DemoResult r = run(true);
    DemoReport report = new DemoReport(r);
    report.writeAll();

    assertThat(out.resolve("degradation_type_accuracy.png")).doesNotExist();
    for (String png : DemoReport.PLOTS) {
      BufferedImage img = ImageIO.read(out.resolve(png).toFile());
      assertThat(img).as(png).isNotNull();
      assertThat(img.getWidth()).as(png).isPositive();
    }
    // one colour per model in every figure that shows that model
    for (String png : List.of(DemoReport.PLOT_ACCURACY, DemoReport.PLOT_LENGTH, DemoReport.PLOT_CURVES)) {
      for (String m : png.equals(DemoReport.PLOT_CURVES) ? DemoPipeline.ARMS : DemoPipeline.MODELS) {
        assertThat(pixels(out.resolve(png), DemoPlots.color(m))).as(png + " in the colour of " + m).isPositive();
      }
    }
    assertThat(pixels(out.resolve(DemoReport.PLOT_DELTA), DemoPlots.color("sft+grpo"))).isPositive();
    assertThat(DemoPipeline.MODELS.stream().map(DemoPlots::color).distinct()).hasSize(DemoPipeline.MODELS.size());

    String md = Files.readString(out.resolve(DemoReport.MARKDOWN), StandardCharsets.UTF_8);
    assertThat(md)
        .contains("## Summary", "## Accuracy", "## SFT+GRPO against the baseline, paired by question", "## Degradation perception",
            "### SFT+GRPO per type", "### SFT (chains) per type", "## Chains on the evaluation tracks", "## Chain length",
            "## Training", "GRPO reward components", "## Example chain on a clean image",
            "## Example chain on a degraded image", "## Stage times")
        .contains("baseline (answers only)", "SFT (chains)", "SFT+GRPO")
        .contains("| pretrained, no fine-tuning | 20.0 % (n=40) | 20.0 % (n=40) | 20.0 % (n=40) | 20.0 % (n=40) |")
        .doesNotContain("NaN");
    DemoReport.PLOTS.forEach(p -> assertThat(md).contains("](" + p + ")"));
    // delta at 100 %: +25.0 points; clean: +0.0 with a zero-width interval
    assertThat(md).contains("| 100 % | 40 | 25.0 % | 50.0 % | +25.0 |", "| clean | 40 | 25.0 % | 25.0 % | +0.0 | [+0.0, +0.0] |");
    // the macro-F1 of the hand-computed perception set, and its chance levels
    assertThat(md).contains("| SFT+GRPO | 5 (2) | 80.0 % | 0.500 | 0.400 / 0.286 (k=1) / 0.571 |");
    assertThat(md).contains("| motion_blur | 2 | 2 | 2 | 1.000 | 1.000 | 1.000 | 0.100 |");
    assertThat(md).contains("| SFT (chains) | 100.0 % | 100.0 % | 100.0 % | 100.0 % | 0.0 % | 0.0 % | 0.0 % | 0.0 % |");

    String raw = Files.readString(out.resolve(DemoReport.JSON), StandardCharsets.UTF_8);
    assertThat(raw).doesNotContain("NaN", "Infinity");
    JsonNode j = new ObjectMapper().readTree(raw);
    assertThat(j.fieldNames().next()).isEqualTo("summary");
    JsonNode s = j.path("summary");
    List<String> keys = new ArrayList<>();
    s.fieldNames().forEachRemaining(keys::add);
    assertThat(keys.subList(0, DemoReportJson.SUMMARY_KEYS.size())).containsExactlyElementsOf(DemoReportJson.SUMMARY_KEYS);
    assertThat(s.path("seed").asLong()).isEqualTo(7);
    assertThat(s.path("n_per_level").asInt()).isEqualTo(N);
    // the summary holds the three arms; the pretrained reference is in the full accuracy section
    assertThat(s.path("accuracy").has("pretrained")).isFalse();
    assertThat(j.path("accuracy").path("pretrained").path("100").path("accuracy").asDouble()).isEqualTo(0.2);
    for (String m : DemoPipeline.ARMS) {
      for (String t : DemoPipeline.TRACKS) {
        assertThat(s.path("accuracy").path(m).path(t).asDouble(-1)).as(m + "/" + t)
            .isEqualTo(r.evals().get(m).accuracy().get(t).accuracy());
      }
    }
    assertThat(s.path("accuracy").path("sft+grpo").path("100").asDouble()).isEqualTo(0.5);
    JsonNode ci100 = s.path("delta_ci95").path("100");
    assertThat(ci100.size()).isEqualTo(2);
    assertThat(ci100.get(0).asDouble()).isLessThan(0.25).isPositive();
    assertThat(ci100.get(1).asDouble()).isGreaterThan(0.25).isLessThanOrEqualTo(1.0);
    assertThat(s.path("delta_ci95").path("clean").get(0).asDouble(-1)).isZero();
    assertThat(s.path("delta_ci95").path("clean").get(1).asDouble(-1)).isZero();
    assertThat(s.path("delta").path("100").asDouble()).isCloseTo(0.25, within(1e-12));
    assertThat(s.path("perception_macro_f1").asDouble()).isCloseTo(0.5, within(1e-12));
    assertThat(s.path("intensity_mae").asDouble()).isCloseTo(0.1, within(1e-12));
    assertThat(s.path("spearman_length_intensity").asDouble())
        .isCloseTo(r.evals().get("sft+grpo").lengthIntensitySpearman(), within(1e-12)).isGreaterThan(0.5);
    assertThat(s.path("grpo_reward_first_quarter").asDouble()).isCloseTo(-0.625, within(1e-12));
    assertThat(s.path("grpo_reward_last_quarter").asDouble()).isCloseTo(0.875, within(1e-12));
    assertThat(s.path("grpo_rdeg_first_quarter").asDouble()).isCloseTo(-0.35, within(1e-12));
    assertThat(s.path("grpo_rdeg_last_quarter").asDouble()).isCloseTo(0.25, within(1e-12));
    assertThat(s.path("wall_seconds").asDouble()).isEqualTo(123.4);
    assertThat(s.path("perception_macro_f1_chance").path("base_rate").asDouble()).isCloseTo(0.4, within(1e-12));
    assertThat(s.path("stage_seconds").path("grpo").asDouble()).isEqualTo(20.0);

    assertThat(j.path("paired_delta").path("tracks").path("100").path("right_only_b").asInt()).isEqualTo(10);
    // the synthetic chains' CONCLUSION is the bare answer, not "So the answer is X.": no stated answer
    assertThat(j.path("chain_conclusions").path("sft").path("clean").path("answer_differs").asDouble()).isEqualTo(1.0);
    assertThat(j.path("chain_conclusions").path("sft").path("clean").path("n").asInt()).isEqualTo(N);
    assertThat(j.path("chain_conclusions").has("baseline")).isFalse();
    JsonNode per = j.path("perception").path("sft+grpo");
    assertThat(per.path("per_type").path("gaussian_noise").path("f1").asDouble(-1)).isZero();
    assertThat(per.path("per_type").path("dark_illumination").path("recall").isNull()).isTrue();
    assertThat(per.path("confusion").path("columns").toString()).contains("\"none\"", "\"other\"");
    assertThat(j.path("training").path("sft+grpo").path("reward_components").has(TrainCurves.RDEG)).isTrue();

    // the heavy example: the largest total intensity at 100 % with a well-formed chain (q39 is malformed)
    JsonNode heavy = j.path("example_chains").path("degraded");
    assertThat(heavy.path("question_id").asText()).isEqualTo("q38");
    assertThat(heavy.path("track").asText()).isEqualTo("100");
    assertThat(heavy.path("output").asText()).contains("<TYPE>", "<ANSWER>");
    JsonNode clean = j.path("example_chains").path("clean");
    assertThat(clean.path("question_id").asText()).isEqualTo("q38");
    assertThat(clean.path("applied").asText()).isEqualTo("none");
    assertThat(j.path("example_chain")).isEqualTo(heavy);
    assertThat(report.exampleChain()).contains("id q38", "track 100 %");
    assertThat(report.exampleChainClean()).contains("id q38", "track clean");
    assertThat(report.summaryTable()).contains("SFT+GRPO - baseline", "+25.0");
  }

  @Test
  void undefinedNumbersAreNullInJsonAndNotApplicableInMarkdown() throws Exception {
    DemoReport report = new DemoReport(run(false));
    report.writeAll();
    for (String png : DemoReport.PLOTS) {
      assertThat(ImageIO.read(out.resolve(png).toFile())).as(png).isNotNull();
    }
    String md = Files.readString(out.resolve(DemoReport.MARKDOWN), StandardCharsets.UTF_8);
    assertThat(md).doesNotContain("NaN").contains("No perception items in this run.", "No paired evaluation",
        "(no degraded example)", "(no clean example)");
    String raw = Files.readString(out.resolve(DemoReport.JSON), StandardCharsets.UTF_8);
    assertThat(raw).doesNotContain("NaN");
    JsonNode s = new ObjectMapper().readTree(raw).path("summary");
    DemoReportJson.SUMMARY_KEYS.forEach(k -> assertThat(s.has(k)).as(k).isTrue());
    assertThat(s.path("delta_ci95").path("100").get(0).isNull()).isTrue();
    assertThat(s.path("delta_ci95").path("100").get(1).isNull()).isTrue();
    assertThat(s.path("perception_macro_f1").isNull()).isTrue();
    assertThat(s.path("intensity_mae").isNull()).isTrue();
    assertThat(s.path("spearman_length_intensity").isNull()).isTrue();
    assertThat(s.path("grpo_reward_first_quarter").isNull()).isTrue();
    assertThat(s.path("grpo_reward_last_quarter").isNull()).isTrue();
    assertThat(s.path("accuracy").has("sft+grpo")).isFalse();
  }

  @Test
  void perceptionOfEveryChainModelEmptyStillWritesTheHeatmap() throws Exception {
    DemoResult full = run(true);
    DemoResult r = new DemoResult(full.config(), out, full.stageSeconds(), full.evals(), full.training(), 100, 108,
        Map.of("sft", List.of(), "sft+grpo", List.of()), 1, 1);
    new DemoReport(r).writeAll();
    assertThat(ImageIO.read(out.resolve(DemoReport.PLOT_CONFUSION).toFile())).isNotNull();
    JsonNode s = new ObjectMapper().readTree(out.resolve(DemoReport.JSON).toFile()).path("summary");
    assertThat(s.path("perception_macro_f1").isNull()).isTrue();
    assertThat(s.path("perception_items").asInt()).isZero();
    assertThat(Files.readString(out.resolve(DemoReport.MARKDOWN))).doesNotContain("NaN");
  }

  private static long pixels(Path png, Color c) throws Exception {
    BufferedImage img = ImageIO.read(png.toFile());
    long n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if ((img.getRGB(x, y) & 0xFFFFFF) == (c.getRGB() & 0xFFFFFF)) {
          n++;
        }
      }
    }
    return n;
  }

  @Test
  void splitsTheAccuracyByQuestionKind() throws Exception {
    DemoReport report = new DemoReport(run(true));
    report.writeAll();

    // colour questions are i = 0, 5, ..., 35: the baseline hits 0 and 20, SFT 0, 15 and 30, SFT+GRPO at 100 % the even ones
    JsonNode kinds = new ObjectMapper().readTree(out.resolve(DemoReport.JSON).toFile()).get("accuracy_by_kind");
    assertThat(kinds.fieldNames()).toIterable().containsExactly("color", "count", "position", "largest", "shape");
    assertThat(kinds.at("/color/n").asInt()).isEqualTo(8);
    assertThat(kinds.at("/color/baseline/clean").asDouble()).isCloseTo(0.25, within(1e-12));
    assertThat(kinds.at("/color/sft/50").asDouble()).isCloseTo(0.375, within(1e-12));
    assertThat(kinds.at("/color/sft+grpo/100").asDouble()).isCloseTo(0.5, within(1e-12));
    assertThat(kinds.at("/color/pretrained/clean").asDouble()).isCloseTo(1.0, within(1e-12));
    // largest-shape questions are i = 3, 8, ..., 38: the baseline hits 8 and 28
    assertThat(kinds.at("/largest/baseline/100").asDouble()).isCloseTo(0.25, within(1e-12));

    String md = Files.readString(out.resolve(DemoReport.MARKDOWN), StandardCharsets.UTF_8);
    assertThat(md).contains("## Accuracy by question kind")
        .contains("| color (n=8) | " + DemoReport.display("baseline") + " | 25.0 % | 25.0 % | 25.0 % | 25.0 % |")
        .contains("±35 points");
  }
}
