package org.robustr1.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.robustr1.core.chain.PythonText;
import org.robustr1.testing.SharedData;
import picocli.CommandLine;

/** {@code robustr1 rbench-score} on the published LLaVA-1.5 results against the notebook's numbers. */
class RbenchScoreCommandTest {

  private static final Map<String, String> GOLDEN_KEYS =
      Map.of("type", "type", "strength", "strength", "type_x_strength", "typeStrength");

  @Test
  void reproducesOfficialNotebookNumbersForLlava15() throws Exception {
    assumeTrue(SharedData.root().isPresent(), SharedData.MISSING);
    Path fx = SharedData.root().get().resolve("fixtures/rbench");
    Path golden = SharedData.root().get().resolve("golden/eval/rbench/llava15_robustness.json");
    assumeTrue(Files.exists(golden), SharedData.MISSING);

    StringWriter sw = new StringWriter();
    CommandLine cl = RobustR1Command.commandLine();
    cl.setOut(new PrintWriter(sw));
    int rc = cl.execute("rbench-score",
        "--answer-key", fx.resolve("Ref_Release.csv").toString(),
        "--ref", fx.resolve("Result_ref_llava15.csv").toString(),
        "--dis", fx.resolve("Result_dis_llava15.csv").toString(),
        "--com", fx.resolve("Result_com_llava15.csv").toString(),
        "--json");
    assertThat(rc).isZero();
    ObjectMapper om = new ObjectMapper();
    JsonNode got = om.readTree(sw.toString());
    JsonNode want = om.readTree(golden.toFile());
    int compared = 0;
    for (String kind : List.of("absolute", "relative")) {
      for (Map.Entry<String, String> dim : GOLDEN_KEYS.entrySet()) {
        for (JsonNode b : want.get(kind).get(dim.getKey())) {
          double v = got.get(kind).get(dim.getValue()).get(b.get("bucket").asText()).asDouble();
          assertThat(v).as(kind + "/" + dim.getKey() + "/" + b.get("bucket")).isCloseTo(b.get("value").asDouble(), within(1e-12));
          assertThat(PythonText.formatFixed(v, 4)).isEqualTo(b.get("printed").asText());
          compared++;
        }
      }
      JsonNode ov = want.get(kind).get("overall").get(0);
      double v = got.get(kind).get("overall").asDouble();
      assertThat(v).isCloseTo(ov.get("value").asDouble(), within(1e-12));
      assertThat(PythonText.formatFixed(v, 4)).isEqualTo(ov.get("printed").asText());
      compared++;
      // no golden values exist for step and group; check their layout.
      for (String dim : List.of("step", "group")) {
        assertThat(got.get(kind).get(dim).size()).isEqualTo(7);
      }
    }
    assertThat(compared).isEqualTo(2 * (3 + 3 + 9 + 1));
    assertThat(got.get("absolute").get("step").fieldNames()).toIterable()
        .containsExactly("EI", "CI", "AD", "SE", "CT", "RD", "EP");
    assertThat(got.get("absolute").get("group").fieldNames()).toIterable()
        .containsExactly("Blur", "Luminance", "Chrominance", "Spatial", "Noise", "Compression", "Wild");
  }

  @Test
  void missingColumnNamesFileAndColumn(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, ",name,type,distortion,strength\n0,a.jpg,MCQ,1,1\n");
    StringWriter err = new StringWriter();
    CommandLine cl = RobustR1Command.commandLine();
    cl.setErr(new PrintWriter(err));
    int rc = cl.execute("rbench-score", "--ref", bad.toString(), "--dis", bad.toString(), "--json");
    assertThat(rc).isNotZero();
    assertThat(err.toString()).contains("bad.csv").contains("missing column 'result'");
  }
}
