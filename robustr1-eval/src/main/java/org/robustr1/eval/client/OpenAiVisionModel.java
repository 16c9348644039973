package org.robustr1.eval.client;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * the text. Token ids and log-probs are not exposed by this API and come back empty. {@link
 * #withConcurrency} sends the prompts of one call concurrently.
 */
public final class OpenAiVisionModel implements VisionLanguageModel {

  private final ChatCompletionsClient client;
  private final String imageFormat;
  private final int concurrency;
  private final ExecutorService pool;

  /**
   * @param client the client
   * @param imageFormat {@code png} (lossless, default choice) or {@code jpg}
   */
  public OpenAiVisionModel(ChatCompletionsClient client, String imageFormat) {
    this(client, imageFormat, 1);
  }

  private OpenAiVisionModel(ChatCompletionsClient client, String imageFormat, int concurrency) {
    this.client = requireNonNull(client, "client");
    this.imageFormat = requireNonNull(imageFormat, "imageFormat");
    checkArgument(concurrency >= 1, "concurrency must be >= 1, got %s", concurrency);
    this.concurrency = concurrency;
    this.pool = concurrency == 1 ? null : Executors.newFixedThreadPool(concurrency, r -> {
      Thread t = new Thread(r, "openai-request");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * A model that sends up to {@code n} requests of one {@link #generate(List, SamplingConfig)}
   * call at once, as VLMEvalKit's {@code --api-nproc} does; answers keep the prompts' order. Close
   * it to stop its threads.
   */
  public OpenAiVisionModel withConcurrency(int n) {
    return new OpenAiVisionModel(client, imageFormat, n);
  }

  /** Requests sent at once (1 = one after the other). */
  public int concurrency() {
    return concurrency;
  }

  /** A PNG-sending model. */
  public OpenAiVisionModel(ChatCompletionsClient client) {
    this(client, "png");
  }

  @Override
  public List<Generation> generate(List<VlmPrompt> prompts, SamplingConfig sampling) {
    if (pool == null || prompts.size() == 1) {
      List<Generation> out = new ArrayList<>(prompts.size());
      for (VlmPrompt p : prompts) {
        out.add(ask(p, sampling));
      }
      return out;
    }
    List<Future<Generation>> futures = new ArrayList<>(prompts.size());
    for (VlmPrompt p : prompts) {
      futures.add(pool.submit(() -> ask(p, sampling)));
    }
    List<Generation> out = new ArrayList<>(prompts.size());
    try {
      for (Future<Generation> f : futures) {
        out.add(f.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new InterruptedIOException("interrupted while waiting for " + client.endpoint()));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      futures.forEach(f -> f.cancel(true));
    }
    return out;
  }

  /**
   * Sends one prompt on this model's request threads ({@link #withConcurrency}; on the calling
   * thread when the concurrency is 1) and returns its answer to come.
   */
  public Future<Generation> submit(VlmPrompt prompt, SamplingConfig sampling) {
    if (pool == null) {
      return CompletableFuture.completedFuture(ask(prompt, sampling));
    }
    return pool.submit(() -> ask(prompt, sampling));
  }

  private Generation ask(VlmPrompt p, SamplingConfig sampling) {
    try {
      String text = client.chat(messages(p), params(sampling));
      return new Generation(new int[0], new int[0], text, new float[0]);
    } catch (IOException e) {
      throw new UncheckedIOException("model " + client.model() + " at " + client.endpoint() + ": " + e.getMessage(), e);
    }
  }

  /** Stops the request threads. */
  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
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
