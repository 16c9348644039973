package org.robustr1.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.core.chain.ChainFormat;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.core.reward.CompositeReward;
import org.robustr1.core.reward.LengthReward;
import org.robustr1.core.reward.RewardContext;

class TrainRowTest {

  /** The official example row of research/robust-r1.md §2.1 as one json.dumps line. */
  static final String OFFICIAL_ROW =
      "{\"image\": \"000123.jpg\", \"conversations\": [{\"from\": \"human\", \"value\": \"<image>What type"
          + " of vehicles are the people riding?\\n0. trucks\\n1. wagons\\n2. jeeps\\n3. cars\\n\"},"
          + " {\"from\": \"gpt\", \"value\": \"<TYPE>motion blur(0.45)<TYPE_END>\\n<INFLUENCE>...<INFLUENCE_END>"
          + "\\n<REASONING>...<REASONING_END>\\n<CONCLUSION>...<CONCLUSION_END>\\n<ANSWER>3<ANSWER_END>\"}]}";

  @Test
  void officialExampleRowRoundTripsUnchanged() {
    TrainRow row = TrainRow.parse(OFFICIAL_ROW, "train.jsonl line 1");
    assertThat(row.toJsonLine()).isEqualTo(OFFICIAL_ROW);
    assertThat(row.images()).containsExactly("000123.jpg");
    assertThat(row.imageIsList()).isFalse();
    assertThat(row.problem())
        .isEqualTo("What type of vehicles are the people riding?\n0. trucks\n1. wagons\n2. jeeps\n3. cars\n");
    assertThat(row.solution()).startsWith("<answer> <TYPE>motion blur(0.45)").endsWith("<ANSWER_END> </answer>");
    // written anew (no original line), the row is byte-identical to Python's json.dumps
    assertThat(TrainRow.fromJson(row.json(), "x").toJsonLine()).isEqualTo(OFFICIAL_ROW);
    // through the typed sample and back
    RobustSample s = RobustSample.fromTrainRow(row, ChainFormat.DEFAULT, "train.jsonl line 1");
    assertThat(s.question()).isEqualTo("What type of vehicles are the people riding?");
    assertThat(s.choices()).containsExactly("trucks", "wagons", "jeeps", "cars");
    assertThat(s.answer()).isEqualTo("3");
    assertThat(s.record().orElseThrow().steps().get(0).type()).isEqualTo(DegradationType.MOTION_BLUR);
    assertThat(s.toTrainRow(ChainFormat.DEFAULT).toJsonLine()).isEqualTo(OFFICIAL_ROW);
    assertThat(SampleCodec.parse(SampleCodec.toLine(s), "samples.jsonl line 1")).isEqualTo(s);
    // and the reward context built from the sample equals the official one
    RewardContext a = s.toRewardContext(ChainFormat.DEFAULT);
    RewardContext b = RewardContext.ofAssistantTurn(row.assistantTurn());
    assertThat(a.solution()).isEqualTo(b.solution());
    // the GT itself: accuracy 1 + format 1 + type 1.5 + length (< 1: the solution adds the wrapper)
    double len = LengthReward.official().reward(row.assistantTurn(), b);
    assertThat(len).isLessThan(1.0).isGreaterThan(0.5);
    assertThat(CompositeReward.official().reward(row.assistantTurn(), b)).isEqualTo(3.5 + len);
  }

  @Test
  void unknownKeysNonAsciiAndImageListsArePreserved() {
    String line =
        "{\"id\": 7, \"image\": [\"a.jpg\", \"b.jpg\"], \"conversations\": [{\"from\": \"human\", \"value\":"
            + " \"<image><image>Caf\\u00e9 \\ud83d\\ude00?\"}, {\"from\": \"gpt\", \"value\": \"<ANSWER>x<ANSWER_END>\","
            + " \"extra\": [1.5, 1e-05, 2.0, null, true]}], \"accu_reward_method\": \"default\"}";
    TrainRow row = TrainRow.parse(line, "t line 1");
    assertThat(row.images()).containsExactly("a.jpg", "b.jpg");
    assertThat(row.imageIsList()).isTrue();
    assertThat(row.userTurn()).isEqualTo("<image><image>Café \uD83D\uDE00?");
    assertThat(TrainRow.fromJson(row.json(), "x").toJsonLine()).isEqualTo(line);
    TrainRow changed = row.withAssistantTurn("<ANSWER>y<ANSWER_END>");
    assertThat(changed.toJsonLine()).isEqualTo(line.replace("<ANSWER>x", "<ANSWER>y"));
    assertThat(RobustSample.fromTrainRow(row, ChainFormat.DEFAULT, "t").id()).contains("7");
  }

  @Test
  void pythonFloatRepr() {
    assertThat(PythonJson.floatRepr(0.45)).isEqualTo("0.45");
    assertThat(PythonJson.floatRepr(2.0)).isEqualTo("2.0");
    assertThat(PythonJson.floatRepr(1e-5)).isEqualTo("1e-05");
    assertThat(PythonJson.floatRepr(1.5e16)).isEqualTo("1.5e+16");
    assertThat(PythonJson.floatRepr(123456789012345.0)).isEqualTo("123456789012345.0");
    assertThat(PythonJson.floatRepr(0.0001)).isEqualTo("0.0001");
    assertThat(PythonJson.floatRepr(-0.18999999999999995)).isEqualTo("-0.18999999999999995");
  }

  @Test
  void badLinesNameTheLineAndField(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("train.jsonl");
    String noAssistant =
        "{\"image\": \"a.jpg\", \"conversations\": [{\"from\": \"human\", \"value\": \"q\"}, {\"from\": \"gpt\"}]}";
    Files.write(f, List.of(OFFICIAL_ROW, "", OFFICIAL_ROW, noAssistant), StandardCharsets.UTF_8);
    assertThatThrownBy(() -> JsonLines.read(f, JsonLines.TRAIN_ROWS))
        .isInstanceOf(JsonLinesException.class)
        .hasMessage("train.jsonl line 4: missing field conversations[1].value")
        .satisfies(e -> assertThat(((JsonLinesException) e).field()).isEqualTo("conversations[1].value"));
    assertThatThrownBy(() -> TrainRow.parse("{\"image\": \"a\", \"conversations\": [{\"value\": \"q\"}]}", "t line 2"))
        .hasMessage("t line 2: missing field conversations[1].value");
    assertThatThrownBy(() -> TrainRow.parse("{\"image\": 3, \"conversations\": []}", "t line 3"))
        .hasMessageContaining("t line 3").hasMessageContaining("image");
    assertThatThrownBy(() -> TrainRow.parse("{\"image\": \"a\"", "t line 4"))
        .hasMessageStartingWith("t line 4: invalid JSON");
    assertThatThrownBy(() -> TrainRow.parse("[1]", "t line 5")).hasMessageContaining("t line 5");
    Files.write(f, List.of(OFFICIAL_ROW, OFFICIAL_ROW), StandardCharsets.UTF_8);
    List<TrainRow> rows = JsonLines.read(f, JsonLines.TRAIN_ROWS);
    Path out = dir.resolve("out.jsonl");
    JsonLines.write(out, rows, TrainRow::toJsonLine);
    assertThat(Files.readAllLines(out)).containsExactly(OFFICIAL_ROW, OFFICIAL_ROW);
  }
}
