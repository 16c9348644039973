package org.robustr1.eval.client;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustr1.core.image.RgbImage;
import org.robustr1.core.io.RunFingerprint;
import org.robustr1.core.openai.ChatCompletionsClient;
import org.robustr1.core.openai.ChatMessages;
import org.robustr1.eval.data.ImageCodec;
import org.robustr1.model.Generation;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.VisionLanguageModel;
import org.robustr1.model.VlmPrompt;

/**
 * A {@link VisionLanguageModel} served by an OpenAI-compatible chat-completions endpoint (vLLM,
 * SGLang, Ollama, LMDeploy): images go first in the user turn as base64 {@code data:} URLs, then
 * the text. Token ids and log-probs are not exposed by this API and come back empty.
 */
public final class OpenAiVisionModel implements VisionLanguageModel {

  private final ChatCompletionsClient client;
  private final String imageFormat;

  /**
   * @param client the client
   * @param imageFormat {@code png} (lossless, default choice) or {@code jpg}
   */
  public OpenAiVisionModel(ChatCompletionsClient client, String imageFormat) {
    this.client = requireNonNull(client, "client");
    this.imageFormat = requireNonNull(imageFormat, "imageFormat");
  }

  /** A PNG-sending model. */
  public OpenAiVisionModel(ChatCompletionsClient client) {
    this(client, "png");
  }

  @Override
  public List<Generation> generate(List<VlmPrompt> prompts, SamplingConfig sampling) {
    List<Generation> out = new ArrayList<>(prompts.size());
    for (VlmPrompt p : prompts) {
      try {
        String text = client.chat(messages(p), params(sampling));
        out.add(new Generation(new int[0], new int[0], text, new float[0]));
      } catch (IOException e) {
        throw new UncheckedIOException("model " + client.model() + " at " + client.endpoint() + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** The OpenAI messages for {@code p}. */
  public List<Map<String, Object>> messages(VlmPrompt p) {
    List<Map<String, Object>> messages = new ArrayList<>();
    if (p.system() != null) {
      messages.add(ChatMessages.text("system", p.system()));
    }
    List<Map<String, Object>> parts = new ArrayList<>();
    String mime = ChatMessages.imageMime(imageFormat);
    for (RgbImage img : p.images()) {
      parts.add(ChatMessages.imagePart(ChatMessages.dataUrl(mime, ImageCodec.encode(img, imageFormat))));
    }
    parts.add(ChatMessages.textPart(p.user()));
    messages.add(ChatMessages.parts("user", parts));
    return messages;
  }

  private static Map<String, Object> params(SamplingConfig s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("max_tokens", s.maxNewTokens());
    m.put("temperature", s.temperature());
    if (s.topP() < 1) {
      m.put("top_p", s.topP());
    }
    if (s.topK() > 0) {
      m.put("top_k", s.topK());
    }
    if (s.repetitionPenalty() != 1.0) {
      m.put("repetition_penalty", s.repetitionPenalty());
    }
    m.put("seed", s.seed());
    return m;
  }

  @Override
  public String name() {
    return client.model();
  }

  /** {@code model} (the served name), {@code endpoint} and {@code image_format}. */
  @Override
  public RunFingerprint fingerprint() {
    return RunFingerprint.builder()
        .add("model", name())
        .add("endpoint", client.endpoint())
        .add("image_format", imageFormat)
        .build();
  }
}
