package org.robustr1.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A small client of the server for tests. */
final class Http {

  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final URI base;

  /**
   * A response.
   *
   * @param status the status
   * @param body the body text
   * @param headers the headers
   */
  record Response(int status, String body, Map<String, List<String>> headers) {
    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }

    /** The {@code data:} payloads of a server-sent-event body, in order. */
    List<String> events() {
      List<String> out = new ArrayList<>();
      for (String line : body.split("\n")) {
        if (line.startsWith("data: ")) {
          out.add(line.substring(6));
        }
      }
      return out;
    }

    /** The concatenated {@code delta.content} of a streamed body. */
    String streamedText() throws IOException {
      StringBuilder sb = new StringBuilder();
      for (String e : events()) {
        if (!e.equals("[DONE]")) {
          JsonNode c = JSON.readTree(e).path("choices").path(0).path("delta").path("content");
          if (c.isTextual()) {
            sb.append(c.textValue());
          }
        }
      }
      return sb.toString();
    }

    String header(String name) {
      return headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), List.of()).stream().findFirst().orElse(null);
    }
  }

  Http(URI base) {
    this.base = base;
  }

  Response get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET().build());
  }

  byte[] getBytes(String path) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray()).body();
  }

  Response post(String path, byte[] body) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  Response post(String path, Object json) throws IOException, InterruptedException {
    return post(path, JSON.writeValueAsBytes(json));
  }

  private Response send(HttpRequest req) throws IOException, InterruptedException {
    HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Response(r.statusCode(), r.body(), r.headers().map());
  }

  /** A chat request body: one user turn with {@code images} (data URLs) then {@code text}. */
  static Map<String, Object> chat(String text, List<String> images, Map<String, Object> extra) {
    List<Object> parts = new ArrayList<>();
    for (String url : images) {
      parts.add(Map.of("type", "image_url", "image_url", Map.of("url", url)));
    }
    parts.add(Map.of("type", "text", "text", text));
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("messages", List.of(Map.of("role", "user", "content", parts)));
    body.putAll(extra);
    return body;
  }
}
