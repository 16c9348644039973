package org.robustr1.core.openai;

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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of an OpenAI-compatible {@code POST {base}/chat/completions} endpoint over {@code
 * java.net.http} (HTTP/1.1).
 *
 * <p>{@link #chat} sends {@code {"model", "messages", ...params}} and returns {@code
 * choices[0].message.content}. Failures retried under the {@link RetryPolicy} (waiting at least what
 * a {@code Retry-After} header asks): connection errors,
 * timeouts, HTTP 408, 429 and 5xx; other HTTP errors fail at once. Every error names the URL, the
 * HTTP status where there is one, the attempt ({@code attempt 2 of 4}) and an excerpt of the body;
 * when all attempts fail the last error is thrown. Credentials never reach a message or log line
 * ({@link Redaction}): the URL is shown without user-info, and the body excerpt (at most 300
 * characters) has bearer tokens, keys and the client's own key replaced. User-info in the URL is
 * sent as HTTP Basic authentication when no API key is set. Thread-safe.
 */
public final class ChatCompletionsClient {

  private static final Logger LOG = LoggerFactory.getLogger(ChatCompletionsClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final URI endpoint;
  private final String userInfo;
  private final String basicAuth;
  private final String model;
  private final String apiKey;
  private final Duration timeout;
  private final RetryPolicy retry;
  private final HttpClient http;

  private ChatCompletionsClient(Builder b) {
    this.endpoint = Redaction.withoutUserInfo(b.endpoint);
    this.userInfo = b.endpoint.getUserInfo();
    this.basicAuth = userInfo == null ? null
        : java.util.Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    this.model = b.model;
    this.apiKey = b.apiKey;
    this.timeout = b.timeout;
    this.retry = b.retry;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
  }

  /** A builder; endpoint and model are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The chat-completions URL of a base URL: {@code http://host/v1} (trailing slashes ignored) gives
   * {@code http://host/v1/chat/completions}; a URL already ending in {@code /chat/completions} is
   * kept.
   *
   * @throws IllegalArgumentException when the URL is not http(s)
   */
  public static URI endpoint(String baseUrl) {
    String u = requireNonNull(baseUrl, "baseUrl").strip();
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    if (!u.endsWith("/chat/completions")) {
      u = u + "/chat/completions";
    }
    URI uri;
    try {
      uri = URI.create(u);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("chat-completions endpoint is not a valid URL: '" + Redaction.url(baseUrl) + "'");
    }
    checkArgument(
        "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()),
        "chat-completions endpoint must be an http(s) URL, got '%s'",
        Redaction.url(baseUrl));
    return uri;
  }

  /** The full chat-completions URL, without user-info (safe to print). */
  public URI endpoint() {
    return endpoint;
  }

  /** The served model name sent in requests. */
  public String model() {
    return model;
  }

  /** The retry policy. */
  public RetryPolicy retryPolicy() {
    return retry;
  }

  /**
   * Sends one request and returns {@code choices[0].message.content} as sent by the server.
   *
   * @param messages OpenAI messages ({@code role}, {@code content} string or parts list; see
   *     {@link ChatMessages})
   * @param params further body fields in order ({@code temperature}, {@code max_tokens}, {@code
   *     seed}, ...)
   * @throws IOException when every attempt failed or the reply has no text content
   */
  public String chat(List<Map<String, Object>> messages, Map<String, Object> params) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", model);
    body.put("messages", messages);
    body.putAll(params);
    return post(JSON.writeValueAsBytes(body));
  }

  private String post(byte[] payload) throws IOException {
    int attempts = retry.maxRetries() + 1;
    IOException last = null;
    Optional<Duration> serverWait = Optional.empty();
    for (int attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) {
        sleep(retry.delayBefore(attempt - 1, serverWait));
      }
      HttpRequest.Builder rb =
          HttpRequest.newBuilder(endpoint)
              .timeout(timeout)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
      if (apiKey != null && !apiKey.isEmpty()) {
        rb.header("Authorization", "Bearer " + apiKey);
      } else if (basicAuth != null) {
        rb.header("Authorization", "Basic " + basicAuth);
      }
      String at = " (attempt " + attempt + " of " + attempts + ")";
      HttpResponse<String> resp;
      try {
        resp = http.send(rb.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        last = new IOException("POST " + endpoint + " failed" + at + ": " + describe(e), e);
        serverWait = Optional.empty();
        LOG.warn("{}", last.getMessage());
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while calling " + endpoint, e);
      }
      int status = resp.statusCode();
      if (status / 100 == 2) {
        return content(resp.body());
      }
      serverWait = RetryPolicy.retryAfter(resp.headers().firstValue("Retry-After").orElse(null), Instant.now());
      IOException err =
          new IOException("POST " + endpoint + ": HTTP " + status + at + ": " + excerpt(resp.body()));
      if (!RetryPolicy.retryable(status)) {
        throw err;
      }
      last = err;
      LOG.warn("{}{}", err.getMessage(), serverWait.map(w -> " (the server asks to retry after " + w.toSeconds() + " s)").orElse(""));
    }
    throw last;
  }

  private String content(String body) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new IOException(endpoint + " returned a body that is not JSON: " + excerpt(body), e);
    }
    JsonNode c = root == null ? null : root.path("choices").path(0).path("message").path("content");
    if (c == null || !c.isTextual()) {
      throw new IOException(endpoint + " returned no choices[0].message.content: " + excerpt(body));
    }
    return c.textValue();
  }

  private String describe(IOException e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + excerpt(e.getMessage()));
  }

  /** A redacted excerpt of a server body ({@link Redaction#excerpt}). */
  private String excerpt(String s) {
    return Redaction.excerpt(s, apiKey, userInfo, basicAuth);
  }

  private static void sleep(Duration d) throws IOException {
    if (d.isZero() || d.isNegative()) {
      return;
    }
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting to retry", e);
    }
  }

  /**
   * Builder: {@code setX} for required values, {@code optX} for optional ones. The one way to reach
   * a chat-completions server in this project: the served model under evaluation, the LLM judge and
   * the INFLUENCE annotator all take a client built here.
   */
  public static final class Builder {
    private URI endpoint;
    private String model;
    private String apiKey;
    private Duration timeout = Duration.ofSeconds(120);
    private RetryPolicy retry = new RetryPolicy(3, Duration.ofSeconds(1), true);

    private Builder() {}

    /**
     * The server: a base URL ({@code http://127.0.0.1:8000/v1}) or the full {@code
     * .../chat/completions} URL (required); see {@link ChatCompletionsClient#endpoint(String)}.
     */
    public Builder setEndpoint(String url) {
      this.endpoint = ChatCompletionsClient.endpoint(url);
      return this;
    }

    /** The model name sent in requests (required; servers serving one model may ignore it). */
    public Builder setModel(String model) {
      requireNonNull(model, "model");
      checkArgument(!model.isBlank(), "model must not be blank");
      this.model = model;
      return this;
    }

    /** The API key sent as {@code Authorization: Bearer …} (default none; null or empty = none). */
    public Builder optApiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /**
     * Reads the API key from an environment variable (e.g. {@code OPENAI_API_KEY}); an unset
     * variable means no key.
     */
    public Builder optApiKeyFromEnv(String variable) {
      return optApiKeyFrom(variable, System::getenv);
    }

    /** Reads the API key named {@code variable} through {@code env} (for tests). */
    public Builder optApiKeyFrom(String variable, java.util.function.Function<String, String> env) {
      requireNonNull(variable, "variable");
      this.apiKey = env.apply(variable);
      return this;
    }

    /** The per-request timeout, also used to connect (default 120 s). */
    public Builder optTimeout(Duration timeout) {
      requireNonNull(timeout, "timeout");
      checkArgument(!timeout.isNegative() && !timeout.isZero(), "timeout must be positive, got %s", timeout);
      this.timeout = timeout;
      return this;
    }

    /** Retries after a failed attempt (default 3; 0 = a single attempt). */
    public Builder optMaxRetries(int maxRetries) {
      this.retry = retry.withMaxRetries(maxRetries);
      return this;
    }

    /** The wait before the first retry, doubled for each further one (default 1 s). */
    public Builder optBackoff(Duration backoff) {
      this.retry = retry.withBackoff(backoff);
      return this;
    }

    /** The whole retry policy (default 3 retries, 1 s doubled each time). */
    public Builder optRetryPolicy(RetryPolicy retry) {
      this.retry = requireNonNull(retry, "retry");
      return this;
    }

    /** Builds the client. */
    public ChatCompletionsClient build() {
      checkState(endpoint != null, "endpoint not set (setEndpoint)");
      checkState(model != null, "model not set (setModel)");
      return new ChatCompletionsClient(this);
    }
  }
}
