package org.robustr1.degrade.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.core.chain.ChainFormat;
import org.robustr1.core.chain.Section;
import org.robustr1.core.chain.TypedStrength;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.core.io.JsonLines;
import org.robustr1.core.io.TrainRow;
import org.robustr1.core.openai.ChatCompletionsClient;
import org.robustr1.degrade.scenes.SceneDataset;
import org.robustr1.degrade.scenes.SceneDatasetGenerator;

/** The chat-completions annotator against a local stub server (127.0.0.1, ephemeral port). */
class ChatCompletionsInfluenceAnnotatorTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the stub answers for the n-th request (0-based): status and body. */
  private interface Script {
    Reply reply(int n, JsonNode request) throws Exception;
  }

  private record Reply(int status, String body, long delayMs) {}

  private HttpServer server;
  private final AtomicInteger calls = new AtomicInteger();
  private final ConcurrentLinkedQueue<JsonNode> requests = new ConcurrentLinkedQueue<>();
  private final List<String> auth = Collections.synchronizedList(new ArrayList<>());
  private volatile Script script;

  @TempDir Path tmp;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", this::handle);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    int n = calls.getAndIncrement();
    try (ex) {
      JsonNode req = JSON.readTree(ex.getRequestBody());
      requests.add(req);
      auth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
      Reply r = script.reply(n, req);
      if (r.delayMs() > 0) {
        Thread.sleep(r.delayMs());
      }
      byte[] b = r.body().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(r.status(), b.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(b);
      }
    } catch (Exception e) {
      // the client sees a closed connection
    }
  }

  private String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  private static String ok(String content) throws IOException {
    return JSON.writeValueAsString(
        Map.of("choices", List.of(Map.of("index", 0, "message", Map.of("role", "assistant", "content", content)))));
  }

  private ChatCompletionsClient.Builder client() {
    return ChatCompletionsClient.builder()
        .setEndpoint(baseUrl())
        .setModel("stub-model")
        .optApiKeyFrom("STUB_KEY", k -> k.equals("STUB_KEY") ? "sk-test" : null)
        .optTimeout(Duration.ofSeconds(5))
        .optBackoff(Duration.ofMillis(1));
  }

  private ChatCompletionsInfluenceAnnotator.Builder annotator() {
    return annotator(client());
  }

  private static ChatCompletionsInfluenceAnnotator.Builder annotator(ChatCompletionsClient.Builder client) {
    return ChatCompletionsInfluenceAnnotator.builder().setClient(client.build());
  }

  private static InfluenceRequest request() {
    return InfluenceRequest.of(
        "q1",
        List.of(TypedStrength.of(DegradationType.MOTION_BLUR, 0.45), TypedStrength.of(DegradationType.GAUSSIAN_NOISE, 0.8)),
        "What color is the circle?",
        List.of("red", "blue", "green", "pink"),
        "blue");
  }

  @Test
  void sendsAnOpenAiRequestAndReadsTheReply() throws Exception {
    script = (n, req) -> new Reply(200, ok("  <INFLUENCE>The blur smears the circle.<INFLUENCE_END> \n"), 0);
    String text = annotator().build().influence(request());
    assertThat(text).isEqualTo("The blur smears the circle.");
    assertThat(calls.get()).isEqualTo(1);
    JsonNode req = requests.peek();
    assertThat(req.get("model").asText()).isEqualTo("stub-model");
    assertThat(req.get("temperature").asDouble()).isZero();
    assertThat(req.get("messages").get(0).get("role").asText()).isEqualTo("system");
    String user = req.get("messages").get(1).get("content").asText();
    assertThat(user).contains("motion blur(0.45), gaussian noise(0.80)").contains("What color is the circle?");
    assertThat(auth).containsExactly("Bearer sk-test");
  }

  @Test
  void retriesAServerErrorThenSucceeds() throws Exception {
    script = (n, req) -> n == 0 ? new Reply(500, "{\"error\":\"boom\"}", 0) : new Reply(200, ok("Grainy dots hide small parts."), 0);
    assertThat(annotator(client().optMaxRetries(2)).build().influence(request())).isEqualTo("Grainy dots hide small parts.");
    assertThat(calls.get()).isEqualTo(2);
  }

  @Test
  void retriesATimeout() throws Exception {
    script = (n, req) -> new Reply(200, ok("late or not"), n == 0 ? 3000 : 0);
    String text = annotator(client().optTimeout(Duration.ofMillis(500)).optMaxRetries(1)).build().influence(request());
    assertThat(text).isEqualTo("late or not");
    assertThat(calls.get()).isEqualTo(2);
  }

  @Test
  void aClientErrorFailsAtOnceAndExhaustedRetriesFailOrFallBack() throws Exception {
    script = (n, req) -> new Reply(401, "{\"error\":\"bad key\"}", 0);
    assertThatThrownBy(() -> annotator(client().optMaxRetries(3)).build().influence(request()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("bad key");
    assertThat(calls.get()).isEqualTo(1);

    calls.set(0);
    script = (n, req) -> new Reply(503, "busy", 0);
    assertThatThrownBy(() -> annotator(client().optMaxRetries(2)).build().influence(request()))
        .hasMessageContaining("HTTP 503")
        .hasMessageContaining("attempt 3");
    assertThat(calls.get()).isEqualTo(3);

    calls.set(0);
    String text =
        annotator(client().optMaxRetries(1)).optFallback(new TemplateInfluenceAnnotator()).build().influence(request());
    assertThat(text).isEqualTo(new TemplateInfluenceAnnotator().influence(request()));
    assertThat(calls.get()).isEqualTo(2);

    script = (n, req) -> new Reply(200, "{\"choices\": []}", 0);
    assertThatThrownBy(() -> annotator(client().optMaxRetries(0)).build().influence(request()))
        .hasMessageContaining("choices[0].message.content");
  }

  @Test
  void endpointsAndDatasetRowsUseTheServer() throws Exception {
    assertThat(ChatCompletionsClient.endpoint("http://h:1/v1/").toString())
        .isEqualTo("http://h:1/v1/chat/completions");
    assertThat(ChatCompletionsClient.endpoint("http://h:1/v1/chat/completions").toString())
        .isEqualTo("http://h:1/v1/chat/completions");
    assertThatThrownBy(() -> ChatCompletionsClient.endpoint("ftp://h/v1"))
        .hasMessageContaining("http(s)");

    SceneDataset ds =
        SceneDatasetGenerator.builder().optTrainSize(3).optValSize(0).optImageSize(64).build().generate(tmp.resolve("src"));
    script = (n, req) -> n == 1 ? new Reply(502, "bad gateway", 0) : new Reply(200, ok("Stub influence " + req.get("model").asText() + "."), 0);
    DatasetBuilder.Result r =
        DatasetBuilder.builder()
            .setAokvqaFile(ds.annotationFile("train"))
            .setImageRoot(ds.root())
            .setOutputDir(tmp.resolve("out"))
            .optThreads(1)
            .optInfluenceAnnotator(annotator(client().optMaxRetries(1)).optSendImage(true).build())
            .build()
            .run();
    assertThat(r.failures()).isEmpty();
    assertThat(calls.get()).isEqualTo(4);
    List<TrainRow> rows = JsonLines.read(r.trainFile(), JsonLines.TRAIN_ROWS);
    assertThat(rows).hasSize(3);
    for (TrainRow row : rows) {
      assertThat(ChainFormat.DEFAULT.parse(row.assistantTurn()).section(Section.INFLUENCE))
          .contains("Stub influence stub-model.");
    }
    JsonNode content = requests.peek().get("messages").get(1).get("content");
    assertThat(content.isArray()).isTrue();
    assertThat(content.get(1).get("image_url").get("url").asText()).startsWith("data:image/jpeg;base64,/9j/");
  }
}
