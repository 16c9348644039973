package org.robustr1.core.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared chat-completions client against a local stub server (127.0.0.1, ephemeral port). */
class ChatCompletionsClientTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private record Reply(int status, String body) {}

  private HttpServer server;
  private final AtomicInteger calls = new AtomicInteger();
  private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
  private final List<String> auth = new CopyOnWriteArrayList<>();
  private volatile IntFunction<Reply> script;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", ex -> {
      try (ex) {
        requests.add(JSON.readTree(ex.getRequestBody()));
        auth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
        Reply r = script.apply(calls.getAndIncrement());
        byte[] b = r.body().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(r.status(), b.length);
        try (OutputStream os = ex.getResponseBody()) {
          os.write(b);
        }
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private ChatCompletionsClient.Builder client(int retries) {
    return ChatCompletionsClient.builder()
        .setEndpoint("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/")
        .setModel("m")
        .optTimeout(Duration.ofSeconds(5))
        .optRetryPolicy(new RetryPolicy(retries, Duration.ofMillis(1), true));
  }

  private static String ok(String content) throws IOException {
    return JSON.writeValueAsString(Map.of("choices", List.of(Map.of("message", Map.of("content", content)))));
  }

  @Test
  void sendsModelMessagesAndParamsInOrderAndReadsTheContent() throws Exception {
    script = n -> new Reply(200, "{\"choices\":[{\"message\":{\"content\":\"hi\"}}]}");
    String text = client(0).optApiKey("sk").build().chat(
        List.of(ChatMessages.text("system", "s"),
            ChatMessages.parts("user", List.of(ChatMessages.textPart("q"), ChatMessages.imagePart(ChatMessages.dataUrl("image/png", new byte[] {1, 2}))))),
        new java.util.LinkedHashMap<>(Map.of("temperature", 0.0)));
    assertThat(text).isEqualTo("hi");
    JsonNode req = requests.get(0);
    assertThat(List.of(req.fieldNames().next())).containsExactly("model");
    assertThat(req.get("model").asText()).isEqualTo("m");
    assertThat(req.get("temperature").asDouble()).isZero();
    assertThat(req.at("/messages/1/content/1/image_url/url").asText()).isEqualTo("data:image/png;base64,AQI=");
    assertThat(auth).containsExactly("Bearer sk");
  }

  @Test
  void retries408And429And5xxButNot4xx() throws Exception {
    script = n -> n == 0 ? new Reply(408, "slow") : n == 1 ? new Reply(429, "rate") : n == 2 ? new Reply(502, "gw") : new Reply(200, okUnchecked("done"));
    assertThat(client(3).build().chat(List.of(ChatMessages.text("user", "q")), Map.of())).isEqualTo("done");
    assertThat(calls.get()).isEqualTo(4);

    calls.set(0);
    script = n -> new Reply(401, "{\"error\":\"bad key\"}");
    assertThatThrownBy(() -> client(3).build().chat(List.of(ChatMessages.text("user", "q")), Map.of()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("/v1/chat/completions")
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("attempt 1 of 4")
        .hasMessageContaining("bad key");
    assertThat(calls.get()).isEqualTo(1);

    calls.set(0);
    script = n -> new Reply(503, "busy");
    assertThatThrownBy(() -> client(1).build().chat(List.of(ChatMessages.text("user", "q")), Map.of()))
        .hasMessageContaining("HTTP 503 (attempt 2 of 2): busy");
    assertThat(calls.get()).isEqualTo(2);

    script = n -> new Reply(200, "{\"choices\": []}");
    assertThatThrownBy(() -> client(0).build().chat(List.of(ChatMessages.text("user", "q")), Map.of()))
        .hasMessageContaining("choices[0].message.content");
  }

  private static String okUnchecked(String s) {
    try {
      return ok(s);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void credentialsNeverReachMessagesUserInfoIsStrippedAndBodiesAreCutAndRedacted() throws Exception {
    String echoed = "{\"error\": \"invalid key\", \"request\": {\"headers\": {\"Authorization\": \"Bearer sk-live-0123456789abcdef\"},"
        + " \"api_key\": \"AKIA1234567890SECRET\", \"url\": \"http://user:pass@host/v1\"}, \"pad\": \"" + "x".repeat(2000) + "\"}";
    script = n -> new Reply(401, echoed);
    String url = "http://alice:hunter2pw@127.0.0.1:" + server.getAddress().getPort() + "/v1";
    ChatCompletionsClient c = ChatCompletionsClient.builder().setEndpoint(url).setModel("m")
        .optRetryPolicy(new RetryPolicy(0, Duration.ZERO, true)).build();
    assertThat(c.endpoint().toString()).doesNotContain("alice").doesNotContain("hunter2pw");
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> c.chat(List.of(ChatMessages.text("user", "q")), Map.of()));
    assertThat(t).isInstanceOf(IOException.class);
    assertThat(t.getMessage())
        .contains("HTTP 401").contains("invalid key").contains("[redacted]")
        .doesNotContain("sk-live-0123456789abcdef").doesNotContain("AKIA1234567890SECRET")
        .doesNotContain("hunter2pw").doesNotContain("user:pass").doesNotContain("xxxxxxxxxx".repeat(40));
    assertThat(t.getMessage().length()).isLessThan(500);
    // the user-info went to the server as Basic authentication, not in the request line
    assertThat(auth.get(auth.size() - 1)).isEqualTo("Basic " + java.util.Base64.getEncoder()
        .encodeToString("alice:hunter2pw".getBytes(StandardCharsets.UTF_8)));
    // the key the client sent is redacted even when the server echoes it bare
    script = n -> new Reply(403, "you sent my-own-key-value, rejected");
    assertThatThrownBy(() -> client(0).optApiKey("my-own-key-value").build().chat(List.of(ChatMessages.text("user", "q")), Map.of()))
        .hasMessageContaining("you sent [redacted], rejected");
    // connection failures name the URL without user-info
    server.stop(0);
    assertThatThrownBy(() -> c.chat(List.of(ChatMessages.text("user", "q")), Map.of()))
        .hasMessageContaining("127.0.0.1").hasMessageNotContaining("hunter2pw").hasMessageNotContaining("alice");
    assertThatThrownBy(() -> ChatCompletionsClient.endpoint("ftp://bob:s3cret@h/v1")).hasMessageNotContaining("s3cret");
  }

  @Test
  void endpointsMimeTypesAndBackoff() {
    assertThat(ChatCompletionsClient.endpoint("http://h:1/v1//").toString()).isEqualTo("http://h:1/v1/chat/completions");
    assertThat(ChatCompletionsClient.endpoint("https://h/v1/chat/completions").toString()).isEqualTo("https://h/v1/chat/completions");
    assertThatThrownBy(() -> ChatCompletionsClient.endpoint("ftp://h/v1")).hasMessageContaining("http(s)");
    assertThat(ChatMessages.imageMime("a/B.PNG")).isEqualTo("image/png");
    assertThat(ChatMessages.imageMime("jpg")).isEqualTo("image/jpeg");
    assertThat(ChatMessages.imageMime("x.tiff")).isEqualTo("image/tiff");
    RetryPolicy exp = new RetryPolicy(3, Duration.ofMillis(10), true);
    RetryPolicy lin = new RetryPolicy(3, Duration.ofMillis(10), false);
    assertThat(exp.delayBefore(3)).isEqualTo(Duration.ofMillis(40));
    assertThat(lin.delayBefore(3)).isEqualTo(Duration.ofMillis(30));
    assertThat(RetryPolicy.retryable(404)).isFalse();
    assertThatThrownBy(() -> new RetryPolicy(-1, Duration.ZERO, true)).hasMessageContaining("maxRetries");
  }
}
