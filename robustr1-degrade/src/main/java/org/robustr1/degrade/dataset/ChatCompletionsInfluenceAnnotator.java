package org.robustr1.degrade.dataset;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.function.Function;
import org.robustr1.core.chain.ChainFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes INFLUENCE with a language model behind an OpenAI-compatible {@code POST
 * {baseUrl}/chat/completions} endpoint (OpenAI, vLLM, llama.cpp server, Ollama, ...), using {@code
 * java.net.http}.
 *
 * <p>The request holds a system message and a user message naming the degradations with their
 * strengths and the question (and, with {@link Builder#optSendImage}, the degraded image as a
 * base64 data URL); {@code temperature} defaults to 0. The reply's {@code
 * choices[0].message.content} is stripped of chain tags and surrounding space; an empty reply is an
 * error. Connection errors, timeouts, HTTP 408, 429 and 5xx are retried up to {@link
 * Builder#optMaxRetries} times with exponential back-off; other HTTP errors fail at once. When all
 * attempts fail, the {@link Builder#optFallback fallback} annotator is used if set, otherwise an
 * {@link IOException} is thrown (the row is then reported and skipped).
 *
 * <p>Model output is not reproducible byte for byte, so a dataset annotated this way is only as
 * deterministic as the server. Thread-safe.
 */
public final class ChatCompletionsInfluenceAnnotator implements InfluenceAnnotator {

  private static final Logger LOG = LoggerFactory.getLogger(ChatCompletionsInfluenceAnnotator.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The default system message. */
  public static final String DEFAULT_SYSTEM_PROMPT =
      "You describe how image degradations change what can be seen in a picture. Reply with one"
          + " short plain sentence per degradation, in the order given, without lists, tags or"
          + " markdown.";

  private final URI endpoint;
  private final String model;
  private final String apiKey;
  private final Duration timeout;
  private final int maxRetries;
  private final Duration backoff;
  private final double temperature;
  private final int maxTokens;
  private final boolean sendImage;
  private final String systemPrompt;
  private final InfluenceAnnotator fallback;
  private final HttpClient client;

  private ChatCompletionsInfluenceAnnotator(Builder b) {
    this.endpoint = endpoint(b.baseUrl);
    this.model = b.model;
    this.apiKey = b.apiKey;
    this.timeout = b.timeout;
    this.maxRetries = b.maxRetries;
    this.backoff = b.backoff;
    this.temperature = b.temperature;
    this.maxTokens = b.maxTokens;
    this.sendImage = b.sendImage;
    this.systemPrompt = b.systemPrompt;
    this.fallback = b.fallback;
    this.client =
        HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
  }

  /** A builder; base URL and model are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The chat-completions URL of a base URL: {@code http://host/v1} gives {@code
   * http://host/v1/chat/completions}; a URL already ending in {@code /chat/completions} is kept.
   */
  public static URI endpoint(String baseUrl) {
    String u = baseUrl.strip();
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    if (!u.endsWith("/chat/completions")) {
      u = u + "/chat/completions";
    }
    URI uri = URI.create(u);
    checkArgument(
        "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()),
        "influence endpoint must be an http(s) URL, got '%s'",
        baseUrl);
    return uri;
  }

  /** The endpoint requests go to. */
  public URI endpoint() {
    return endpoint;
  }

  /** The user message for a request. */
  public static String userMessage(InfluenceRequest r) {
    StringBuilder sb = new StringBuilder(256);
    if (r.isClean()) {
      sb.append("The picture has no degradation.");
    } else {
      sb.append("The picture has these degradations, with strength from 0 (none) to 1 (strongest): ")
          .append(ChainFormat.DEFAULT.renderTypes(r.types()))
          .append('.');
    }
    sb.append("\nA question about the picture: ").append(r.question());
    sb.append("\nDescribe how the degradations change what can be seen in the picture.");
    return sb.toString();
  }

  @Override
  public String influence(InfluenceRequest request) throws IOException {
    try {
      return call(request);
    } catch (IOException e) {
      if (fallback == null) {
        throw e;
      }
      LOG.warn("influence for {} from the fallback annotator: {}", request.id(), e.getMessage());
      return fallback.influence(request);
    }
  }

  private String call(InfluenceRequest request) throws IOException {
    byte[] body = requestBody(request);
    IOException last = null;
    for (int attempt = 0; attempt <= maxRetries; attempt++) {
      if (attempt > 0) {
        sleep(backoff.multipliedBy(1L << Math.min(attempt - 1, 16)));
      }
      HttpRequest.Builder rb =
          HttpRequest.newBuilder(endpoint)
              .timeout(timeout)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      if (apiKey != null && !apiKey.isEmpty()) {
        rb.header("Authorization", "Bearer " + apiKey);
      }
      HttpResponse<String> resp;
      try {
        resp = client.send(rb.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        last = new IOException(
            "influence request " + request.id() + " to " + endpoint + " failed (attempt "
                + (attempt + 1) + "): " + describe(e), e);
        LOG.debug("{}", last.getMessage());
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while calling " + endpoint, e);
      }
      int status = resp.statusCode();
      if (status / 100 == 2) {
        return content(resp.body(), request.id());
      }
      IOException err = new IOException(
          "influence request " + request.id() + " to " + endpoint + ": HTTP " + status + " (attempt "
              + (attempt + 1) + "): " + excerpt(resp.body()));
      if (!(status == 408 || status == 429 || status >= 500)) {
        throw err;
      }
      last = err;
      LOG.debug("{}", err.getMessage());
    }
    throw last;
  }

  private byte[] requestBody(InfluenceRequest request) throws IOException {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("model", model);
    ArrayNode messages = root.putArray("messages");
    messages.addObject().put("role", "system").put("content", systemPrompt);
    ObjectNode user = messages.addObject().put("role", "user");
    String text = userMessage(request);
    if (sendImage && request.image().isPresent()) {
      Path img = request.image().get();
      ArrayNode parts = user.putArray("content");
      parts.addObject().put("type", "text").put("text", text);
      String mime = mimeOf(img);
      String data = Base64.getEncoder().encodeToString(Files.readAllBytes(img));
      parts.addObject().put("type", "image_url").putObject("image_url").put("url", "data:" + mime + ";base64," + data);
    } else {
      user.put("content", text);
    }
    root.put("temperature", temperature);
    if (maxTokens > 0) {
      root.put("max_tokens", maxTokens);
    }
    return MAPPER.writeValueAsBytes(root);
  }

  private static String content(String body, String id) throws IOException {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IOException("influence reply for " + id + " is not JSON: " + excerpt(body), e);
    }
    JsonNode c = root == null ? null : root.path("choices").path(0).path("message").path("content");
    if (c == null || !c.isTextual()) {
      throw new IOException(
          "influence reply for " + id + " has no choices[0].message.content: " + excerpt(body));
    }
    String text = clean(c.textValue());
    if (text.isEmpty()) {
      throw new IOException("influence reply for " + id + " is empty");
    }
    return text;
  }

  /** Removes chain tags and surrounding white space from model text. */
  public static String clean(String text) {
    return DatasetRows.stripTags(text).strip();
  }

  private static String mimeOf(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    if (n.endsWith(".png")) {
      return "image/png";
    }
    if (n.endsWith(".bmp")) {
      return "image/bmp";
    }
    if (n.endsWith(".tif") || n.endsWith(".tiff")) {
      return "image/tiff";
    }
    return "image/jpeg";
  }

  private static String describe(IOException e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  private static String excerpt(String s) {
    if (s == null) {
      return "";
    }
    String t = s.strip().replace('\n', ' ');
    return t.length() <= 300 ? t : t.substring(0, 300) + "…";
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

  /** Builder: {@code setX} for required values, {@code optX} for optional ones. */
  public static final class Builder {
    private String baseUrl;
    private String model;
    private String apiKey;
    private Duration timeout = Duration.ofSeconds(60);
    private int maxRetries = 3;
    private Duration backoff = Duration.ofSeconds(1);
    private double temperature = 0.0;
    private int maxTokens = 256;
    private boolean sendImage;
    private String systemPrompt = DEFAULT_SYSTEM_PROMPT;
    private InfluenceAnnotator fallback;

    private Builder() {}

    /** The base URL, e.g. {@code http://127.0.0.1:8000/v1} (required). */
    public Builder setBaseUrl(String baseUrl) {
      this.baseUrl = requireNonNull(baseUrl, "baseUrl");
      endpoint(baseUrl);
      return this;
    }

    /** The model name sent in the request (required). */
    public Builder setModel(String model) {
      requireNonNull(model, "model");
      checkArgument(!model.isBlank(), "model must not be blank");
      this.model = model;
      return this;
    }

    /** The API key sent as {@code Authorization: Bearer …} (default none). */
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

    /** Reads the API key through {@code env} (for tests). */
    public Builder optApiKeyFrom(String variable, Function<String, String> env) {
      requireNonNull(variable, "variable");
      this.apiKey = env.apply(variable);
      return this;
    }

    /** The per-request timeout, also used to connect (default 60 s). */
    public Builder optTimeout(Duration timeout) {
      requireNonNull(timeout, "timeout");
      checkArgument(!timeout.isNegative() && !timeout.isZero(), "timeout must be positive, got %s", timeout);
      this.timeout = timeout;
      return this;
    }

    /** Retries after a failed attempt (default 3; 0 = a single attempt). */
    public Builder optMaxRetries(int maxRetries) {
      checkArgument(maxRetries >= 0, "maxRetries must be >= 0, got %s", maxRetries);
      this.maxRetries = maxRetries;
      return this;
    }

    /** The wait before the first retry, doubled for each further one (default 1 s). */
    public Builder optBackoff(Duration backoff) {
      requireNonNull(backoff, "backoff");
      checkArgument(!backoff.isNegative(), "backoff must not be negative, got %s", backoff);
      this.backoff = backoff;
      return this;
    }

    /** The sampling temperature (default 0). */
    public Builder optTemperature(double temperature) {
      checkArgument(temperature >= 0 && temperature <= 2, "temperature must be in [0, 2], got %s", temperature);
      this.temperature = temperature;
      return this;
    }

    /** {@code max_tokens} of the request (default 256; 0 leaves it out). */
    public Builder optMaxTokens(int maxTokens) {
      checkArgument(maxTokens >= 0, "maxTokens must be >= 0, got %s", maxTokens);
      this.maxTokens = maxTokens;
      return this;
    }

    /** Sends the degraded image as a data URL (vision models; default off). */
    public Builder optSendImage(boolean sendImage) {
      this.sendImage = sendImage;
      return this;
    }

    /** Replaces the system message. */
    public Builder optSystemPrompt(String systemPrompt) {
      this.systemPrompt = requireNonNull(systemPrompt, "systemPrompt");
      return this;
    }

    /** The annotator used when every attempt failed (default none: the failure is thrown). */
    public Builder optFallback(InfluenceAnnotator fallback) {
      this.fallback = fallback;
      return this;
    }

    /** Builds the annotator. */
    public ChatCompletionsInfluenceAnnotator build() {
      checkState(baseUrl != null, "base URL not set (setBaseUrl)");
      checkState(model != null, "model not set (setModel)");
      return new ChatCompletionsInfluenceAnnotator(this);
    }
  }
}
