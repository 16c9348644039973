package org.robustr1.eval.client;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.robustr1.core.openai.ChatCompletionsClient;
import org.robustr1.core.openai.ChatMessages;
import org.robustr1.core.openai.Redaction;
import org.robustr1.eval.matching.JudgeModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A judge on an OpenAI-compatible server: temperature 0 (as VLMEvalKit's judge), optional system
 * message; when every attempt fails it answers {@link JudgeModel#API_FAILURE}, as VLMEvalKit's
 * wrappers do, so the caller's retry and fallback logic applies.
 */
public final class OpenAiJudge implements JudgeModel {

  private static final Logger LOG = LoggerFactory.getLogger(OpenAiJudge.class);

  private final ChatCompletionsClient client;
  private final String system;

  /**
   * @param client the client
   * @param system system message, or null for none
   */
  public OpenAiJudge(ChatCompletionsClient client, String system) {
    this.client = requireNonNull(client, "client");
    this.system = system;
  }

  @Override
  public String generate(String prompt) {
    List<Map<String, Object>> messages = new ArrayList<>();
    if (system != null) {
      messages.add(ChatMessages.text("system", system));
    }
    messages.add(ChatMessages.text("user", prompt));
    try {
      return client.chat(messages, Map.of("temperature", 0));
    } catch (IOException e) {
      LOG.warn("judge call failed: {}", e.toString());
      return API_FAILURE;
    }
  }

  /**
   * The judge a command-line {@code --judge} value names: {@code exact} (or empty) gives none
   * (exact matching), an http(s) URL an OpenAI-compatible judge serving {@code model}.
   *
   * @param apiKey bearer token, may be null
   * @return the judge, or null for exact matching
   */
  public static JudgeModel fromSpec(String spec, String model, String apiKey) {
    if (spec == null || spec.isBlank() || spec.equalsIgnoreCase("exact") || spec.equalsIgnoreCase("exact_matching")) {
      return null;
    }
    if (!spec.startsWith("http://") && !spec.startsWith("https://")) {
      throw new IllegalArgumentException("--judge must be 'exact' or an http(s) URL, got '" + Redaction.url(spec) + "'");
    }
    return new OpenAiJudge(ChatCompletionsClient.builder().setEndpoint(spec).setModel(model).optApiKey(apiKey).build(), null);
  }
}
