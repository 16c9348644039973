package org.robustr1.degrade.dataset;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustr1.core.chain.ChainFormat;
import org.robustr1.core.openai.ChatCompletionsClient;
import org.robustr1.core.openai.ChatMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes INFLUENCE with a language model behind an OpenAI-compatible {@code POST
 * {baseUrl}/chat/completions} endpoint (OpenAI, vLLM, llama.cpp server, Ollama, ...), through
 * {@link ChatCompletionsClient}.
 *
 * <p>The request holds a system message and a user message naming the degradations with their
 * strengths and the question (and, with {@link Builder#optSendImage}, the degraded image as a
 * base64 data URL); {@code temperature} defaults to 0. The reply's {@code
 * choices[0].message.content} is stripped of chain tags and surrounding space; an empty reply is an
 * error. Failed calls are retried as the client's {@link ChatCompletionsClient.Builder#optMaxRetries
 * retry policy} says (connection errors, timeouts, HTTP 408, 429 and 5xx). When all attempts fail, the {@link Builder#optFallback fallback} annotator is used if set, otherwise an
 * {@link IOException} is thrown (the row is then reported and skipped).
 *
 * <p>Model output is not reproducible byte for byte, so a dataset annotated this way is only as
 * deterministic as the server. Thread-safe.
 */
public final class ChatCompletionsInfluenceAnnotator implements InfluenceAnnotator {

  private static final Logger LOG = LoggerFactory.getLogger(ChatCompletionsInfluenceAnnotator.class);

  /** The default system message. */
  public static final String DEFAULT_SYSTEM_PROMPT =
      "You describe how image degradations change what can be seen in a picture. Reply with one"
          + " short plain sentence per degradation, in the order given, without lists, tags or"
          + " markdown.";

  private final ChatCompletionsClient client;
  private final Map<String, Object> params;
  private final boolean sendImage;
  private final String systemPrompt;
  private final InfluenceAnnotator fallback;

  private ChatCompletionsInfluenceAnnotator(Builder b) {
    this.client = b.client;
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("temperature", b.temperature);
    if (b.maxTokens > 0) {
      p.put("max_tokens", b.maxTokens);
    }
    this.params = Collections.unmodifiableMap(p);
    this.sendImage = b.sendImage;
    this.systemPrompt = b.systemPrompt;
    this.fallback = b.fallback;
  }

  /** A builder; base URL and model are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The endpoint requests go to. */
  public URI endpoint() {
    return client.endpoint();
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
    String reply;
    try {
      reply = client.chat(messages(request), params);
    } catch (IOException e) {
      throw new IOException("influence request " + request.id() + ": " + e.getMessage(), e);
    }
    String text = clean(reply);
    if (text.isEmpty()) {
      throw new IOException("influence reply for " + request.id() + " from " + client.endpoint() + " is empty");
    }
    return text;
  }

  private List<Map<String, Object>> messages(InfluenceRequest request) throws IOException {
    String text = userMessage(request);
    Map<String, Object> user;
    if (sendImage && request.image().isPresent()) {
      Path img = request.image().get();
      String url = ChatMessages.dataUrl(ChatMessages.imageMime(img.getFileName().toString()), Files.readAllBytes(img));
      user = ChatMessages.parts("user", List.of(ChatMessages.textPart(text), ChatMessages.imagePart(url)));
    } else {
      user = ChatMessages.text("user", text);
    }
    return List.of(ChatMessages.text("system", systemPrompt), user);
  }

  /** Removes chain tags and surrounding white space from model text. */
  public static String clean(String text) {
    return DatasetRows.stripTags(text).strip();
  }

  /** Builder: {@code setX} for required values, {@code optX} for optional ones. */
  public static final class Builder {
    private ChatCompletionsClient client;
    private double temperature = 0.0;
    private int maxTokens = 256;
    private boolean sendImage;
    private String systemPrompt = DEFAULT_SYSTEM_PROMPT;
    private InfluenceAnnotator fallback;

    private Builder() {}

    /**
     * The server, model, key, timeout and retries (required): a {@link ChatCompletionsClient}.
     */
    public Builder setClient(ChatCompletionsClient client) {
      this.client = requireNonNull(client, "client");
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
      checkState(client != null, "client not set (setClient)");
      return new ChatCompletionsInfluenceAnnotator(this);
    }
  }
}
