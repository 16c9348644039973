package org.robustr1.eval.client;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.robustr1.core.openai.ChatCompletionsClient;
import org.robustr1.core.openai.RetryPolicy;

/**
 * A client of {@code POST {base}/chat/completions} for evaluation, on top of robustr1-core's
 * {@link ChatCompletionsClient}: connection errors, timeouts, HTTP 408, 429 and 5xx are retried
 * with a linear backoff; other HTTP errors fail at once. Thread-safe.
 */
public final class OpenAiChatClient {

  private final ChatCompletionsClient client;

  private OpenAiChatClient(ChatCompletionsClient client) {
    this.client = client;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The served model name sent in requests. */
  public String model() {
    return client.model();
  }

  /** The full chat-completions URL. */
  public URI endpoint() {
    return client.endpoint();
  }

  /**
   * Sends one request and returns {@code choices[0].message.content}.
   *
   * @param messages OpenAI messages ({@code role}, {@code content} string or parts list)
   * @param params extra body fields ({@code temperature}, {@code max_tokens}, {@code seed}, ...)
   * @throws IOException when every attempt failed
   */
  public String chat(List<Map<String, Object>> messages, Map<String, Object> params) throws IOException {
    return client.chat(messages, params);
  }

  /** Builder: {@code setEndpoint} and {@code setModel} are required. */
  public static final class Builder {
    private String endpoint;
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
      ChatCompletionsClient.endpoint(url);
      this.endpoint = url;
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
      return new OpenAiChatClient(
          ChatCompletionsClient.builder()
              .setEndpoint(endpoint)
              .setModel(model)
              .optApiKey(apiKey)
              .optTimeout(timeout)
              .optRetryPolicy(new RetryPolicy(maxRetries, backoff, false))
              .build());
    }
  }
}
