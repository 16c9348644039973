package org.robustr1.spark.eval;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.robustr1.core.openai.ChatCompletionsClient;
import org.robustr1.eval.client.OpenAiVisionModel;
import org.robustr1.model.Generation;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.VisionLanguageModel;
import org.robustr1.model.VlmPrompt;

/**
 * Several OpenAI-compatible endpoints serving the same model, used as one {@link
 * VisionLanguageModel}: the prompts of a {@code generate} call go out at once, at most {@code
 * concurrency} requests in flight in this JVM (all tasks together), spread round-robin over the
 * endpoints. Each prompt's answer is the one {@link OpenAiVisionModel} gives for it, whichever
 * endpoint serves it.
 */
public final class EndpointPool implements VisionLanguageModel {

  private final List<OpenAiVisionModel> endpoints;
  private final ExecutorService pool;
  private final AtomicLong next = new AtomicLong();

  /** A pool over {@code clients} (at least one), {@code concurrency} requests at a time. */
  public EndpointPool(List<ChatCompletionsClient> clients, int concurrency) {
    checkArgument(!clients.isEmpty(), "at least one endpoint is needed");
    checkArgument(concurrency >= 1, "concurrency must be >= 1, got %s", concurrency);
    this.endpoints = clients.stream().map(OpenAiVisionModel::new).toList();
    this.pool = Executors.newFixedThreadPool(concurrency, r -> {
      Thread t = new Thread(r, "robustr1-endpoint-pool");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public List<Generation> generate(List<VlmPrompt> prompts, SamplingConfig sampling) {
    List<Future<Generation>> futures = new ArrayList<>(prompts.size());
    for (VlmPrompt p : prompts) {
      OpenAiVisionModel m = endpoints.get((int) (next.getAndIncrement() % endpoints.size()));
      futures.add(pool.submit(() -> m.generate(p, sampling)));
    }
    List<Generation> out = new ArrayList<>(prompts.size());
    for (Future<Generation> f : futures) {
      try {
        out.add(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        futures.forEach(x -> x.cancel(true));
        throw new IllegalStateException("interrupted while waiting for the endpoints", e);
      } catch (ExecutionException e) {
        futures.forEach(x -> x.cancel(true));
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalStateException(e.getCause());
      }
    }
    return out;
  }

  @Override
  public String name() {
    return endpoints.get(0).name();
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
