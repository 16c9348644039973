package org.robustr1.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.index.NDIndex;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.core.image.RgbImage;
import org.robustr1.model.qwen.Qwen25VlModel;
import org.robustr1.testing.SharedData;
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
  void greyAndSixteenBitGreyReachTheProcessorAsPillowReadsThem(@TempDir Path dir) throws Exception {
    BufferedImage g = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
    g.getRaster().setSample(0, 0, 0, 190);
    Path f = dir.resolve("g.png");
    ImageIO.write(g, "png", f.toFile());
    assertThat(GenerateCommand.readImage(f).get(0, 0, 0)).isEqualTo(190);
    BufferedImage g16 = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
    g16.getRaster().setSample(0, 0, 0, 190);
    g16.getRaster().setSample(1, 0, 0, 40000);
    Path f16 = dir.resolve("g16.png");
    ImageIO.write(g16, "png", f16.toFile());
    RgbImage r = GenerateCommand.readImage(f16);
    assertThat(new int[] {r.get(0, 0, 0), r.get(1, 0, 0)}).containsExactly(190, 255);
  }

  @Test
  void aTruncatedJpegFailsNamingTheFile(@TempDir Path dir) throws Exception {
    Optional<Path> fx = SharedData.resolve("golden/qwen25vl-tiny-a");
    Assumptions.assumeTrue(fx.isPresent(), SharedData.MISSING);
    BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    img.setRGB(3, 3, 0xFF8040);
    Path full = dir.resolve("full.jpg");
    ImageIO.write(img, "jpg", full.toFile());
    byte[] data = Files.readAllBytes(full);
    Path cut = dir.resolve("cut.jpg");
    Files.write(cut, Arrays.copyOf(data, data.length / 2));
    CommandLine cli = RobustR1Command.commandLine();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(err));
    int rc = cli.execute("generate", "--model", fx.get().toString(), "--image", cut.toString(), "--question", "hi",
        "--max-new-tokens", "1");
    assertThat(rc).isNotZero();
    assertThat(err.toString()).contains(cut.toString()).contains("truncated JPEG");
  }

  /** The embedded tiny checkpoint with one NaN in the final norm. */
  static Path nanCheckpoint(Path dir) throws Exception {
    Path m = EvalModelCommandTest.embeddedCheckpoint(dir);
    try (Qwen25VlModel model = Qwen25VlModel.load(m)) {
      model.namedParameters().get("model.norm.weight").getArray().set(new NDIndex("3"), Float.NaN);
      model.save(m);
    }
    return m;
  }

  private static int generate(StringWriter out, StringWriter err, String... args) {
    CommandLine cli = RobustR1Command.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void nanWeightsAreRefusedOnLoadNamingTheTensorUnlessAllowed(@TempDir Path dir) throws Exception {
    Path m = nanCheckpoint(dir.resolve("nan"));
    StringWriter err = new StringWriter();
    assertThat(generate(new StringWriter(), err, "generate", "--model", m.toString(), "--question", "hi",
        "--max-new-tokens", "2")).isNotZero();
    assertThat(err.toString()).contains("model.norm.weight: 1 NaN, 0 Inf").contains("--allow-nonfinite-weights");
    StringWriter err2 = new StringWriter();
    assertThat(generate(new StringWriter(), err2, "generate", "--model", m.toString(), "--question", "hi",
        "--max-new-tokens", "2", "--allow-nonfinite-weights")).as(err2.toString()).isZero();
  }

  @Test
  void pixelBoundsComeFromPreprocessorConfigAndTheOptionsOverrideThem(@TempDir Path dir) throws Exception {
    Path m = EvalModelCommandTest.embeddedCheckpoint(dir.resolve("m"));
    BufferedImage img = new BufferedImage(448, 448, BufferedImage.TYPE_INT_RGB);
    Path f = dir.resolve("big.png");
    ImageIO.write(img, "png", f.toFile());
    int[] pads = new int[2];
    String[][] extra = {{}, {"--max-pixels", "200704", "--min-pixels", "3136"}};
    for (int k = 0; k < 2; k++) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      String[] base = {"generate", "--model", m.toString(), "--image", f.toString(), "--question", "hi",
          "--max-new-tokens", "1", "--json"};
      String[] args = java.util.stream.Stream.concat(Arrays.stream(base), Arrays.stream(extra[k])).toArray(String[]::new);
      assertThat(generate(out, err, args)).as(err.toString()).isZero();
      JsonNode ids = new ObjectMapper().readTree(out.toString()).get("prompt_ids");
      int imagePad = org.robustr1.model.config.Qwen25VlConfig.read(m).imageTokenId();
      for (JsonNode id : ids) {
        pads[k] += id.asInt() == imagePad ? 1 : 0;
      }
    }
    // the embedded checkpoint's preprocessor_config.json has max_pixels 12544 = 112 x 112: (112 / 28)^2
    assertThat(pads[0]).isEqualTo(16);
    // --max-pixels 200704 = 448 x 448 lets the image through at full size: (448 / 28)^2
    assertThat(pads[1]).isEqualTo(256);
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
