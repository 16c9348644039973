package org.robustr1.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.robustr1.core.fixtures.SharedData;
import picocli.CommandLine;

/** {@code robustr1 generate} reproduces the golden fixture's prompt and greedy ids. */
class GenerateCommandTest {

  static int[] ints(JsonNode a) {
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asInt();
    }
    return out;
  }

  @Test
  void jsonOutputMatchesFixture() throws Exception {
    Optional<Path> fx = SharedData.resolve("golden/qwen25vl-tiny-a");
    Assumptions.assumeTrue(fx.isPresent(), SharedData.MISSING);
    Path dir = fx.get();
    CommandLine cli = RobustR1Command.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int rc =
        cli.execute(
            "generate",
            "--model", dir.toString(),
            "--image", dir.resolve("image_0.png").toString(),
            "--image", dir.resolve("image_1.png").toString(),
            "--question", "What's in these 2 pictures? Answer in 12 words.",
            "--greedy",
            "--max-new-tokens", "12",
            "--json");
    assertThat(rc).as(err.toString()).isZero();
    ObjectMapper m = new ObjectMapper();
    JsonNode got = m.readTree(out.toString());
    JsonNode inputs = m.readTree(dir.resolve("inputs.json").toFile());
    JsonNode gen = m.readTree(dir.resolve("generation.json").toFile());
    assertThat(ints(got.get("prompt_ids"))).containsExactly(ints(inputs.get("input_ids").get(0)));
    assertThat(ints(got.get("generated_ids"))).containsExactly(ints(gen.get("new_token_ids")));
    assertThat(got.get("text").isTextual()).isTrue();
  }

  @Test
  void missingModelDirectoryIsAUsageError() {
    CommandLine cli = RobustR1Command.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    int rc = cli.execute("generate", "--model", "/no/such/dir", "--question", "hi", "--max-new-tokens", "1");
    assertThat(rc).isNotZero();
    assertThat(err.toString()).contains("/no/such/dir");
  }
}
