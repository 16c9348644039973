package org.robustr1.spark.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.robustr1.core.openai.ChatCompletionsClient;
import org.robustr1.model.Generation;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.VisionLanguageModel;
import org.robustr1.model.VlmPrompt;
import org.robustr1.model.qwen.Qwen25VlModel;

/**
 * The models of this executor JVM: each {@link ModelSpec} is opened once, on first use, and shared
 * by every task the executor runs (a checkpoint is loaded once, not once per task), then closed
 * when the JVM exits. An in-process model answers one {@code generate} call at a time; give it
 * one executor core per accelerator (see docs/scale-out.md).
 */
public final class ExecutorModels {

  private static final Map<ModelSpec, VisionLanguageModel> MODELS = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> MODELS.values().forEach(VisionLanguageModel::close),
        "robustr1-executor-models"));
  }

  private ExecutorModels() {}

  /** The model of {@code spec} in this JVM, opened on first use. */
  public static VisionLanguageModel get(ModelSpec spec) {
    return MODELS.computeIfAbsent(spec, ExecutorModels::open);
  }

  /** How many models this JVM has opened (for tests). */
  static int opened() {
    return MODELS.size();
  }

  private static VisionLanguageModel open(ModelSpec spec) {
    if (spec.isEndpointPool()) {
      List<ChatCompletionsClient> clients = spec.endpoints().stream()
          .map(url -> ChatCompletionsClient.builder().setEndpoint(url).setModel(spec.servedModel())
              .optApiKey(System.getenv(spec.apiKeyEnv())).build())
          .toList();
      return new EndpointPool(clients, spec.concurrency());
    }
    Path dir = Path.of(spec.checkpoint());
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("model folder " + dir + " does not exist on this executor;"
          + " put the checkpoint on a path every executor can read");
    }
    try {
      Qwen25VlModel m = Qwen25VlModel.load(dir, spec.weights());
      if (m.processor().isEmpty()) {
        m.close();
        throw new IllegalArgumentException("model folder " + dir
            + " has no tokenizer.json; the in-process model needs the checkpoint's tokenizer");
      }
      return new OneAtATime(m);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the model in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** An in-process model shared by concurrent tasks: one generate call at a time. */
  private static final class OneAtATime implements VisionLanguageModel {
    private final VisionLanguageModel model;

    OneAtATime(VisionLanguageModel model) {
      this.model = model;
    }

    @Override
    public synchronized List<Generation> generate(List<VlmPrompt> prompts, SamplingConfig sampling) {
      return model.generate(prompts, sampling);
    }

    @Override
    public String name() {
      return model.name();
    }

    @Override
    public synchronized void close() {
      model.close();
    }
  }
}
