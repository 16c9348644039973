package org.robustr1.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableList;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.core.image.RgbImage;
import org.robustr1.core.openai.ChatMessages;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.VlmPrompt;
import org.robustr1.model.config.CheckpointConfig;
import org.robustr1.model.embedded.EmbeddedModel;
import org.robustr1.model.qwen.Qwen25VlModel;
import org.robustr1.serve.generate.Generator;

/**
 * The server in front of a real Qwen2.5-VL (the embedded tiny architecture with random weights):
 * answers equal the in-process model's, streamed text equals the whole answer, concurrent greedy
 * requests batched give the answers they get alone, and a 12-megapixel photo is resized under the
 * pixel bound instead of asking for gigabytes.
 */
class QwenServerTest {

  /** The bound the served model gets: 8 x 8 merged patches at most. */
  static final long MAX_PIXELS = 64L * 28 * 28;

  @TempDir static Path dir;
  static Path checkpoint;
  static Qwen25VlModel reference;
  static RobustR1Server server;
  static Http http;

  /** The embedded tiny model with random weights from {@code seed}, saved as a checkpoint. */
  static Path tinyCheckpoint(Path root, long seed) throws IOException {
    Path m = EmbeddedModel.writeCheckpointFiles(root);
    CheckpointConfig cc = CheckpointConfig.read(m);
    try (Qwen25VlModel model = Qwen25VlModel.randomInit(cc.model(), seed, cc.generation())) {
      model.save(m);
    }
    return m;
  }

  static Qwen25VlModel load(Path m) throws IOException {
    Qwen25VlModel model = Qwen25VlModel.load(m);
    model.setPixelBounds(EmbeddedModel.MIN_PIXELS, MAX_PIXELS);
    return model;
  }

  @BeforeAll
  static void start() throws IOException {
    checkpoint = tinyCheckpoint(dir.resolve("tiny"), 11);
    reference = load(checkpoint);
    server = RobustR1Server.builder().setModel(Generator.of(load(checkpoint), 4)).optPort(0).build();
    server.start();
    http = new Http(server.baseUrl());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (reference != null) {
      reference.close();
    }
  }

  static RgbImage picture(int w, int h, int seed) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, ((x * 255 / w + seed * 40) & 0xFF) << 16 | ((y * 255 / h) & 0xFF) << 8 | (seed * 70 & 0xFF));
      }
    }
    return RgbImage.of(img);
  }

  static String png(RgbImage img) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    ImageIO.write(org.robustr1.eval.data.ImageCodec.toBuffered(img), "png", bos);
    return ChatMessages.dataUrl("image/png", bos.toByteArray());
  }

  @Test
  void greedyAnswersEqualTheInProcessModelAndTheStreamEqualsTheWholeAnswer() throws Exception {
    RgbImage img = picture(90, 70, 1);
    String q = "What color is the circle?";
    String expected = reference.generate(VlmPrompt.of(List.of(img), q), SamplingConfig.greedy(24)).text();
    JsonNode whole = http.post("/v1/chat/completions",
        Http.chat(q, List.of(png(img)), Map.of("temperature", 0, "max_tokens", 24))).json();
    assertThat(whole.at("/choices/0/message/content").asText()).isEqualTo(expected);
    Http.Response streamed = http.post("/v1/chat/completions",
        Http.chat(q, List.of(png(img)), Map.of("temperature", 0, "max_tokens", 24, "stream", true)));
    assertThat(streamed.streamedText()).isEqualTo(expected);
    // the same seed samples the same answer, here and in process
    String sampled = reference.generate(VlmPrompt.of(List.of(img), q), new SamplingConfig(16, 0.9, 0, 1.0, 1.0, 5)).text();
    JsonNode s = http.post("/v1/chat/completions",
        Http.chat(q, List.of(png(img)), Map.of("temperature", 0.9, "seed", 5, "max_tokens", 16))).json();
    assertThat(s.at("/choices/0/message/content").asText()).isEqualTo(sampled);
  }

  @Test
  void concurrentGreedyRequestsBatchedGiveTheirSingleAnswers() throws Exception {
    List<String> images = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      RgbImage img = picture(60 + 20 * i, 80, i + 2);
      images.add(png(img));
      expected.add(reference.generate(new VlmPrompt(ImmutableList.of(img), "Describe it " + i, null),
          SamplingConfig.greedy(12 + i)).text());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Http.Response>> fs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        int k = i;
        fs.add(pool.submit(() -> http.post("/v1/chat/completions", Http.chat("Describe it " + k,
            List.of(images.get(k)), Map.of("temperature", 0, "max_tokens", 12 + k)))));
      }
      for (int i = 0; i < 4; i++) {
        JsonNode j = fs.get(i).get(120, TimeUnit.SECONDS).json();
        assertThat(j.at("/choices/0/message/content").asText()).as("request %s", i).isEqualTo(expected.get(i));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aTwelveMegapixelPhotoIsResizedUnderMaxPixels() throws Exception {
    BufferedImage photo = new BufferedImage(4000, 3000, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = photo.createGraphics();
    g.setPaint(new java.awt.GradientPaint(0, 0, java.awt.Color.ORANGE, 4000, 3000, java.awt.Color.BLUE));
    g.fillRect(0, 0, 4000, 3000);
    g.dispose();
    ByteArrayOutputStream jpg = new ByteArrayOutputStream();
    ImageIO.write(photo, "jpg", jpg);
    String url = ChatMessages.dataUrl("image/jpeg", jpg.toByteArray());
    Http.Response r = http.post("/v1/chat/completions", Http.chat("What is it?", List.of(url), Map.of("max_tokens", 4)));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    int withImage = r.json().at("/usage/prompt_tokens").asInt();
    int textOnly = http.post("/v1/chat/completions", Http.chat("What is it?", List.of(), Map.of("max_tokens", 1)))
        .json().at("/usage/prompt_tokens").asInt();
    // image tokens (plus <|vision_start|> and <|vision_end|>) within max_pixels / (28 x 28)
    int imageTokens = withImage - textOnly - 2;
    assertThat(imageTokens).isPositive().isLessThanOrEqualTo((int) (MAX_PIXELS / (28 * 28)));
  }
}
