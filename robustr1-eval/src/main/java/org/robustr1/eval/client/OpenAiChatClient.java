package org.robustr1.eval.client;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A minimal client of {@code POST {base}/chat/completions}. Network errors, HTTP 429 and 5xx are
 * retried with a linear backoff; other HTTP errors fail at once. Thread-safe.
 */
public final class OpenAiChatClient {

  private static final Logger LOG = LoggerFactory.getLogger(OpenAiChatClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI endpoint;
  private final String model;
  private final String apiKey;
  private final Duration timeout;
  private final int maxRetries;
  private final Duration backoff;
  private final HttpClient http;

  private OpenAiChatClient(Builder b) {
    this.endpoint = b.endpoint;
    this.model = b.model;
    this.apiKey = b.apiKey;
    this.timeout = b.timeout;
    this.maxRetries = b.maxRetries;
    this.backoff = b.backoff;
    this.http = HttpClient.newBuilder().connectTimeout(b.timeout).build();
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The served model name sent in requests. */
  public String model() {
    return model;
  }

  /** The full chat-completions URL. */
  public URI endpoint() {
    return endpoint;
  }

  /**
   * Sends one request and returns {@code choices[0].message.content}.
   *
   * @param messages OpenAI messages ({@code role}, {@code content} string or parts list)
   * @param params extra body fields ({@code temperature}, {@code max_tokens}, {@code seed}, ...)
   * @throws IOException when every attempt failed
   */
  public String chat(List<Map<String, Object>> messages, Map<String, Object> params) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", model);
    body.put("messages", messages);
    body.putAll(params);
    byte[] payload = JSON.writeValueAsBytes(body);
    IOException last = null;
    for (int attempt = 0; attempt <= maxRetries; attempt++) {
      if (attempt > 0) {
        sleep(backoff.multipliedBy(attempt));
      }
      HttpRequest.Builder rb = HttpRequest.newBuilder(endpoint)
          .timeout(timeout)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
      if (apiKey != null && !apiKey.isEmpty()) {
        rb.header("Authorization", "Bearer " + apiKey);
      }
      HttpResponse<String> resp;
      try {
        resp = http.send(rb.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        last = e;
        LOG.warn("{}: attempt {} failed: {}", endpoint, attempt + 1, e.toString());
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while calling " + endpoint, e);
      }
      int code = resp.statusCode();
      if (code == 429 || code >= 500) {
        last = new IOException(endpoint + " returned HTTP " + code + ": " + abbreviate(resp.body()));
        LOG.warn("{}: attempt {} got HTTP {}", endpoint, attempt + 1, code);
        continue;
      }
      if (code / 100 != 2) {
        throw new IOException(endpoint + " returned HTTP " + code + ": " + abbreviate(resp.body()));
      }
      JsonNode root;
      try {
        root = JSON.readTree(resp.body());
      } catch (IOException e) {
        throw new IOException(endpoint + " returned a body that is not JSON: " + abbreviate(resp.body()), e);
      }
      JsonNode content = root.path("choices").path(0).path("message").path("content");
      if (content.isMissingNode() || content.isNull()) {
        throw new IOException(endpoint + " returned no choices[0].message.content: " + abbreviate(resp.body()));
      }
      return content.asText();
    }
    throw new IOException("all " + (maxRetries + 1) + " attempts to " + endpoint + " failed", last);
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }

  private static void sleep(Duration d) throws IOException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** Builder: {@code setEndpoint} and {@code setModel} are required. */
  public static final class Builder {
    private URI endpoint;
    private String model;
    private String apiKey;
    private Duration timeout = Duration.ofSeconds(120);
    private int maxRetries = 3;
    private Duration backoff = Duration.ofSeconds(1);

    private Builder() {}

    /**
     * The server: a base URL ({@code http://127.0.0.1:8000/v1}) or the full {@code
     * .../chat/completions} URL.
     */
    public Builder setEndpoint(String url) {
      requireNonNull(url, "url");
      String u = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
      if (!u.endsWith("/chat/completions")) {
        u = u + "/chat/completions";
      }
      URI uri = URI.create(u);
      checkArgument("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()),
          "endpoint must be an http(s) URL, got '%s'", url);
      this.endpoint = uri;
      return this;
    }

    /** The model name the server expects. */
    public Builder setModel(String model) {
      this.model = requireNonNull(model, "model");
      return this;
    }

    /** Bearer token (none by default). */
    public Builder optApiKey(String key) {
      this.apiKey = key;
      return this;
    }

    /** Per-request timeout (default 120 s). */
    public Builder optTimeout(Duration t) {
      checkArgument(!t.isNegative() && !t.isZero(), "timeout must be positive");
      this.timeout = t;
      return this;
    }

    /** Retries after the first attempt (default 3). */
    public Builder optMaxRetries(int n) {
      checkArgument(n >= 0, "maxRetries must be >= 0, got %s", n);
      this.maxRetries = n;
      return this;
    }

    /** Backoff unit between retries (default 1 s, multiplied by the attempt number). */
    public Builder optBackoff(Duration d) {
      this.backoff = requireNonNull(d, "backoff");
      return this;
    }

    /** Builds the client. */
    public OpenAiChatClient build() {
      checkState(endpoint != null, "setEndpoint is required");
      checkState(model != null, "setModel is required");
      return new OpenAiChatClient(this);
    }
  }
}
