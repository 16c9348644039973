package org.robustr1.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.robustr1.core.openai.ChatMessages;

/**
 * The server's protocol and limits with a scripted model (no PyTorch): OpenAI's schema and error
 * shape, streaming, stop strings, the bounded queue, timeouts, disconnects, batching and a clean
 * shutdown.
 */
class ServerTest {

  private RobustR1Server server;
  private Http http;

  private ScriptedGenerator start(String text, Duration perToken, int maxBatch,
      java.util.function.UnaryOperator<RobustR1Server.Builder> options) throws IOException {
    ScriptedGenerator g = new ScriptedGenerator("scripted", text, perToken, maxBatch);
    server = options.apply(RobustR1Server.builder().setModel(g).optPort(0)).build();
    server.start();
    http = new Http(server.baseUrl());
    return g;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static Map<String, Object> chat(String text, Map<String, Object> extra) {
    return Http.chat(text, List.of(), extra);
  }

  private static String png(int w, int h) throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    ImageIO.write(img, "png", bos);
    return ChatMessages.dataUrl("image/png", bos.toByteArray());
  }

  private static void assertOpenAiError(Http.Response r, int status, String messagePart) throws IOException {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    JsonNode e = r.json().get("error");
    assertThat(e).as(r.body()).isNotNull();
    assertThat(e.has("type") && e.has("param") && e.has("code")).as(r.body()).isTrue();
    assertThat(e.get("message").asText()).contains(messagePart);
  }

  @Test
  void answersInOpenAiSchemaWithUsageModelsAndHealth() throws Exception {
    start("hello robust world", Duration.ZERO, 1, b -> b);
    Http.Response r = http.post("/v1/chat/completions", chat("hi", Map.of("max_tokens", 50, "temperature", 0)));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode j = r.json();
    assertThat(j.get("object").asText()).isEqualTo("chat.completion");
    assertThat(j.get("id").asText()).startsWith("chatcmpl-");
    assertThat(j.get("model").asText()).isEqualTo("scripted");
    assertThat(j.at("/choices/0/message/role").asText()).isEqualTo("assistant");
    assertThat(j.at("/choices/0/message/content").asText()).isEqualTo("hello robust world");
    assertThat(j.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(j.at("/usage/prompt_tokens").asInt()).isEqualTo(7);
    assertThat(j.at("/usage/completion_tokens").asInt()).isEqualTo(4);
    assertThat(j.at("/usage/total_tokens").asInt()).isEqualTo(11);
    // max_tokens cuts it: finish_reason length
    JsonNode cut = http.post("/v1/chat/completions", chat("hi", Map.of("max_tokens", 2))).json();
    assertThat(cut.at("/choices/0/message/content").asText()).isEqualTo("hello robust");
    assertThat(cut.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    assertThat(cut.at("/usage/completion_tokens").asInt()).isEqualTo(2);
    JsonNode models = http.get("/v1/models").json();
    assertThat(models.get("object").asText()).isEqualTo("list");
    assertThat(models.at("/data/0/id").asText()).isEqualTo("scripted");
    JsonNode health = http.get("/health").json();
    assertThat(health.get("status").asText()).isEqualTo("ok");
    assertThat(health.get("served").asInt()).isEqualTo(2);
    assertOpenAiError(http.post("/v1/chat/completions", chat("hi", Map.of("model", "gpt-9"))), 404, "'gpt-9' does not exist");
    assertThat(http.post("/v1/chat/completions", chat("hi", Map.of("model", "default"))).status()).isEqualTo(200);
    assertOpenAiError(http.get("/v1/chat/completions"), 405, "use POST");
  }

  @Test
  void streamsOpenAiChunksEndingWithUsageAndDone() throws Exception {
    start("one two three", Duration.ZERO, 1, b -> b);
    Http.Response r = http.post("/v1/chat/completions",
        chat("hi", Map.of("stream", true, "stream_options", Map.of("include_usage", true))));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("text/event-stream");
    List<String> events = r.events();
    assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
    JsonNode first = Http.JSON.readTree(events.get(0));
    assertThat(first.get("object").asText()).isEqualTo("chat.completion.chunk");
    assertThat(first.at("/choices/0/delta/role").asText()).isEqualTo("assistant");
    assertThat(first.has("usage") && first.get("usage").isNull()).isTrue();
    assertThat(r.streamedText()).isEqualTo("one two three");
    JsonNode finish = Http.JSON.readTree(events.get(events.size() - 3));
    assertThat(finish.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    JsonNode usage = Http.JSON.readTree(events.get(events.size() - 2));
    assertThat(usage.get("choices")).isEmpty();
    assertThat(usage.at("/usage/completion_tokens").asInt()).isEqualTo(4);
    String id = first.get("id").asText();
    for (String e : events.subList(0, events.size() - 1)) {
      assertThat(Http.JSON.readTree(e).get("id").asText()).isEqualTo(id);
    }
  }

  @Test
  void stopStringsCutTheAnswerAndNeverReachTheStream() throws Exception {
    start("alpha beta <ANSWER_END> gamma", Duration.ZERO, 1, b -> b);
    JsonNode j = http.post("/v1/chat/completions", chat("hi", Map.of("stop", List.of("<ANSWER_END>")))).json();
    assertThat(j.at("/choices/0/message/content").asText()).isEqualTo("alpha beta ");
    assertThat(j.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    Http.Response s = http.post("/v1/chat/completions", chat("hi", Map.of("stop", "a <ANS", "stream", true)));
    assertThat(s.streamedText()).isEqualTo("alpha bet");
    assertThat(s.body()).doesNotContain("<ANS");
  }

  @Test
  void malformedJsonAndBadFieldsAre400InOpenAiShapeNamingTheField() throws Exception {
    start("x", Duration.ZERO, 1, b -> b);
    Http.Response bad = http.post("/v1/chat/completions", "{\"messages\": [".getBytes(StandardCharsets.UTF_8));
    assertOpenAiError(bad, 400, "not valid JSON");
    assertThat(bad.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
    assertOpenAiError(http.post("/v1/chat/completions", "[1, 2]".getBytes(StandardCharsets.UTF_8)), 400, "must be a JSON object");
    assertOpenAiError(http.post("/v1/chat/completions", Map.of("model", "x")), 400, "messages is required");
    Http.Response n = http.post("/v1/chat/completions", chat("hi", Map.of("n", 2)));
    assertOpenAiError(n, 400, "n must be 1");
    assertThat(n.json().at("/error/param").asText()).isEqualTo("n");
    assertOpenAiError(http.post("/v1/chat/completions", chat("hi", Map.of("temperature", "hot"))), 400,
        "temperature must be a number, got \"hot\"");
    assertOpenAiError(http.post("/v1/chat/completions", chat("hi", Map.of("max_tokens", 100_000))), 400,
        "more than this server's limit of 4096");
    Http.Response multi = http.post("/v1/chat/completions", Map.of("messages", List.of(
        Map.of("role", "user", "content", "a"), Map.of("role", "assistant", "content", "b"),
        Map.of("role", "user", "content", "c"))));
    assertOpenAiError(multi, 400, "multi-turn conversations are not supported");
    assertThat(multi.json().at("/error/param").asText()).isEqualTo("messages[1]");
    Http.Response part = http.post("/v1/chat/completions", Map.of("messages", List.of(Map.of("role", "user",
        "content", List.of(Map.of("type", "input_audio", "input_audio", Map.of()))))));
    assertOpenAiError(part, 400, "messages[0].content[0].type 'input_audio' is not supported");
  }

  @Test
  void aTextFileAsImageIs400NamingThePartAndRemoteUrlsAreRefused() throws Exception {
    start("x", Duration.ZERO, 1, b -> b);
    String text = ChatMessages.dataUrl("image/png", "just some text, not a picture".getBytes(StandardCharsets.UTF_8));
    Http.Response r = http.post("/v1/chat/completions", Http.chat("what?", List.of(png(32, 32), text), Map.of()));
    assertOpenAiError(r, 400, "messages[0].content[1].image_url");
    assertThat(r.json().at("/error/param").asText()).isEqualTo("messages[0].content[1].image_url");
    assertThat(r.json().at("/error/message").asText()).contains("not a decodable image");
    Http.Response remote = http.post("/v1/chat/completions",
        Http.chat("what?", List.of("http://example.com/cat.png"), Map.of()));
    assertOpenAiError(remote, 400, "remote image URLs are refused");
    Http.Response b64 = http.post("/v1/chat/completions", Http.chat("what?", List.of("data:image/png;base64,@@@"), Map.of()));
    assertOpenAiError(b64, 400, "not valid base64");
  }

  @Test
  void a25MegabyteBodyIs413AndAnImageOverThePixelLimitToo() throws Exception {
    start("x", Duration.ZERO, 1, b -> b.optMaxImagePixels(10_000));
    byte[] big = new byte[25 << 20];
    Arrays.fill(big, (byte) 'a');
    Http.Response r = http.post("/v1/chat/completions", big);
    assertOpenAiError(r, 413, "more than this server's limit of 20971520 bytes");
    assertThat(r.json().at("/error/code").asText()).isEqualTo("request_too_large");
    // a body without Content-Length (chunked) is cut as it is read
    HttpURLConnection c = (HttpURLConnection) server.baseUrl().resolve("/v1/chat/completions").toURL().openConnection();
    c.setDoOutput(true);
    c.setChunkedStreamingMode(1 << 16);
    c.setRequestMethod("POST");
    try (var os = c.getOutputStream()) {
      os.write(big);
    }
    assertThat(c.getResponseCode()).isEqualTo(413);
    c.disconnect();
    Http.Response px = http.post("/v1/chat/completions", Http.chat("q", List.of(png(200, 100)), Map.of()));
    assertOpenAiError(px, 413, "(20,000 pixels) exceeds the limit of 10,000 pixels");
    assertThat(px.json().at("/error/param").asText()).isEqualTo("messages[0].content[0].image_url");
    // the server still answers
    assertThat(http.post("/v1/chat/completions", chat("hi", Map.of())).status()).isEqualTo(200);
  }

  @Test
  void aFullQueueAnswers429WithRetryAfter() throws Exception {
    ScriptedGenerator g = start(ScriptedGenerator.words(40), Duration.ofMillis(25), 1, b -> b.optQueueSize(2));
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Http.Response>> fs = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        fs.add(pool.submit(() -> http.post("/v1/chat/completions", chat("hi", Map.of("max_tokens", 30)))));
      }
      int ok = 0;
      int busy = 0;
      for (Future<Http.Response> f : fs) {
        Http.Response r = f.get(60, TimeUnit.SECONDS);
        if (r.status() == 429) {
          busy++;
          assertThat(Long.parseLong(r.header("Retry-After"))).isBetween(1L, 600L);
          assertThat(r.json().at("/error/code").asText()).isEqualTo("queue_full");
        } else {
          assertThat(r.status()).as(r.body()).isEqualTo(200);
          ok++;
        }
      }
      assertThat(ok).isGreaterThanOrEqualTo(2);
      assertThat(busy).isGreaterThanOrEqualTo(1);
      assertThat(ok + busy).isEqualTo(6);
      assertThat(g.batchSizes).allMatch(n -> n == 1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void fiftyConcurrentRequestsAreEachAnsweredOr429() throws Exception {
    start(ScriptedGenerator.words(8), Duration.ofMillis(5), 4, b -> b);
    ExecutorService pool = Executors.newFixedThreadPool(50);
    try {
      List<Future<Http.Response>> fs = new ArrayList<>();
      String image = png(64, 48);
      for (int i = 0; i < 50; i++) {
        boolean stream = i % 2 == 0;
        fs.add(pool.submit(() -> http.post("/v1/chat/completions",
            Http.chat("hi", List.of(image), Map.of("stream", stream, "temperature", 0)))));
      }
      int ok = 0;
      for (Future<Http.Response> f : fs) {
        Http.Response r = f.get(120, TimeUnit.SECONDS);
        assertThat(r.status()).as(r.body()).isIn(200, 429);
        ok += r.status() == 200 ? 1 : 0;
      }
      assertThat(ok).isGreaterThanOrEqualTo(16);
      JsonNode h = http.get("/health").json();
      assertThat(h.get("status").asText()).isEqualTo("ok");
      assertThat(h.get("admitted").asInt()).isZero();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentGreedyRequestsAreBatchedAndSampledOnesRunAlone() throws Exception {
    ScriptedGenerator g = start(ScriptedGenerator.words(20), Duration.ofMillis(20), 4, b -> b);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Http.Response>> fs = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        int max = 5 + i;
        fs.add(pool.submit(() -> http.post("/v1/chat/completions", chat("greedy", Map.of("temperature", 0, "max_tokens", max)))));
      }
      for (int i = 0; i < 5; i++) {
        JsonNode j = fs.get(i).get(60, TimeUnit.SECONDS).json();
        // each row stopped at its own max_tokens although it shared a batch
        assertThat(j.at("/usage/completion_tokens").asInt()).isEqualTo(5 + i);
        assertThat(j.at("/choices/0/finish_reason").asText()).isEqualTo("length");
      }
      assertThat(g.batchSizes.stream().mapToInt(Integer::intValue).max().orElse(0)).isGreaterThan(1);
      JsonNode h = http.get("/health").json().at("/models/0");
      assertThat(h.get("batched_rows").asLong()).isGreaterThan(h.get("batches").asLong());
      g.batchSizes.clear();
      fs.clear();
      for (int i = 0; i < 4; i++) {
        fs.add(pool.submit(() -> http.post("/v1/chat/completions", chat("sampled", Map.of("temperature", 0.7, "seed", 3, "max_tokens", 4)))));
      }
      for (Future<Http.Response> f : fs) {
        assertThat(f.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
      }
      assertThat(g.batchSizes).containsOnly(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRequestOverItsTimeoutIs504AndItsGenerationEnds() throws Exception {
    ScriptedGenerator g = start(ScriptedGenerator.words(1000), Duration.ofMillis(10), 1,
        b -> b.optRequestTimeout(Duration.ofMillis(400)));
    Http.Response r = http.post("/v1/chat/completions", chat("hi", Map.of("max_tokens", 1000)));
    assertOpenAiError(r, 504, "did not finish within");
    assertThat(r.json().at("/error/code").asText()).isEqualTo("timeout");
    assertThat(g.tokens.get()).isLessThan(200);
  }

  @Test
  void aStreamWhoseClientGoesAwayStopsGenerating() throws Exception {
    ScriptedGenerator g = start(ScriptedGenerator.words(3000), Duration.ofMillis(5), 1, b -> b);
    HttpURLConnection c = (HttpURLConnection) server.baseUrl().resolve("/v1/chat/completions").toURL().openConnection();
    c.setDoOutput(true);
    c.setRequestMethod("POST");
    c.setRequestProperty("Content-Type", "application/json");
    try (var os = c.getOutputStream()) {
      os.write(Http.JSON.writeValueAsBytes(chat("hi", Map.of("stream", true, "max_tokens", 3000))));
    }
    InputStream in = c.getInputStream();
    byte[] some = in.readNBytes(2000);
    assertThat(new String(some, StandardCharsets.UTF_8)).contains("chat.completion.chunk");
    c.disconnect();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (http.get("/health").json().at("/models/0/cancelled_rows").asLong() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(http.get("/health").json().at("/models/0/cancelled_rows").asLong()).isEqualTo(1);
    int after = g.tokens.get();
    assertThat(after).isLessThan(2000);
    Thread.sleep(200);
    assertThat(g.tokens.get()).isEqualTo(after);
  }

  @Test
  void closeLetsTheRunningGenerationFinishAndRefusesTheRest() throws Exception {
    ScriptedGenerator g = start(ScriptedGenerator.words(30), Duration.ofMillis(20), 1,
        b -> b.optQueueSize(4).optShutdownGrace(Duration.ofSeconds(5)));
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Future<Http.Response> running = pool.submit(() -> http.post("/v1/chat/completions", chat("a", Map.of("stream", true))));
      while (g.batchSizes.isEmpty()) {
        Thread.sleep(5);
      }
      Future<Http.Response> waiting = pool.submit(() -> http.post("/v1/chat/completions", chat("b", Map.of())));
      while (http.get("/health").json().at("/models/0/waiting").asInt() == 0) {
        Thread.sleep(5);
      }
      URI base = server.baseUrl();
      server.close();
      Http.Response done = running.get(30, TimeUnit.SECONDS);
      assertThat(done.streamedText()).isEqualTo(ScriptedGenerator.words(30));
      assertThat(done.events()).last().isEqualTo("[DONE]");
      Http.Response refused = waiting.get(30, TimeUnit.SECONDS);
      assertOpenAiError(refused, 503, "shutting down");
      assertThat(g.closed).isTrue();
      assertThat(g.prompts).containsExactly("a");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Http(base).get("/health"))
          .isInstanceOf(IOException.class);
    } finally {
      pool.shutdownNow();
    }
  }
}
