package org.robustr1.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An OpenAI-compatible chat-completions stub on 127.0.0.1 (ephemeral port) for tests: answers
 * with {@code responder(request body)}, records every request, can fail the first N calls.
 */
public final class StubChatServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's
    // delayed ACK: about 45 ms per request instead of well under one.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> perText = new ConcurrentHashMap<>();
  private final AtomicInteger failFirst = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final java.util.concurrent.ExecutorService pool;

  public StubChatServer(Function<JsonNode, String> responder) throws IOException {
    this(responder, 0);
  }

  /**
   * A stub answering on {@code threads} threads at once (0: one request at a time, in arrival
   * order).
   */
  public StubChatServer(Function<JsonNode, String> responder, int threads) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    pool = threads > 0 ? java.util.concurrent.Executors.newFixedThreadPool(threads) : null;
    server.setExecutor(pool);
    server.createContext("/v1/chat/completions", ex -> {
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      handle(ex, responder);
    });
    server.start();
  }

  private void handle(com.sun.net.httpserver.HttpExchange ex, Function<JsonNode, String> responder) throws IOException {
    byte[] out;
    int code;
    try {
      byte[] body = ex.getRequestBody().readAllBytes();
      JsonNode req = JSON.readTree(body);
      requests.add(req);
      if (failFirst.getAndDecrement() > 0) {
        code = 503;
        out = "{\"error\":\"busy\"}".getBytes(StandardCharsets.UTF_8);
      } else {
        failFirst.set(0);
        perText.computeIfAbsent(userText(req), k -> new AtomicInteger()).incrementAndGet();
        String reply = responder.apply(req);
        code = 200;
        out = JSON.writeValueAsBytes(Map.of("id", "x", "object", "chat.completion",
            "choices", List.of(Map.of("index", 0, "message", Map.of("role", "assistant", "content", reply),
                "finish_reason", "stop"))));
      }
    } finally {
      // before the reply leaves, so a client's next request never overlaps this one in the count
      inFlight.decrementAndGet();
    }
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(code, out.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(out);
    }
  }

  /** The most requests that were being answered at the same time. */
  public int maxInFlight() {
    return maxInFlight.get();
  }

  /** The text part of the last user message. */
  public static String userText(JsonNode req) {
    JsonNode msgs = req.get("messages");
    JsonNode content = msgs.get(msgs.size() - 1).get("content");
    if (content.isTextual()) {
      return content.asText();
    }
    for (JsonNode p : content) {
      if (p.path("type").asText().equals("text")) {
        return p.get("text").asText();
      }
    }
    return "";
  }

  /** The base URL ({@code http://127.0.0.1:PORT/v1}). */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  public List<JsonNode> requests() {
    return requests;
  }

  /** How many successful calls carried exactly this user text. */
  public Map<String, AtomicInteger> callsPerText() {
    return perText;
  }

  /** Answers HTTP 503 to the next {@code n} calls. */
  public void failNext(int n) {
    failFirst.set(n);
  }

  @Override
  public void close() {
    server.stop(0);
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
