package org.robustr1.spark.eval;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.List;

/**
 * Which model the executors load: a pool of OpenAI-compatible endpoints or a local Qwen2.5-VL
 * checkpoint (a folder every executor can read). Values only, so it travels in task closures;
 * {@link ExecutorModels} opens it once per executor JVM.
 *
 * @param endpoints base URLs of the endpoint pool (empty for a checkpoint)
 * @param servedModel the model name at the endpoints
 * @param apiKeyEnv the environment variable holding the endpoints' key on the executors
 * @param concurrency requests in flight per executor JVM (endpoints only)
 * @param checkpoint the checkpoint folder (null for endpoints)
 * @param weights the weights file inside it, or null for the default
 */
public record ModelSpec(List<String> endpoints, String servedModel, String apiKeyEnv, int concurrency,
    String checkpoint, String weights) implements Serializable {

  /** Validates and copies. */
  public ModelSpec {
    endpoints = List.copyOf(endpoints);
    checkArgument(endpoints.isEmpty() != (checkpoint == null), "give either endpoints or a checkpoint folder, not both");
    checkArgument(concurrency >= 1, "concurrency must be >= 1, got %s", concurrency);
  }

  /** A pool of endpoints serving {@code servedModel}, {@code concurrency} requests at once per executor. */
  public static ModelSpec endpoints(List<String> urls, String servedModel, String apiKeyEnv, int concurrency) {
    checkArgument(!urls.isEmpty(), "at least one endpoint is needed");
    return new ModelSpec(urls, requireNonNull(servedModel, "servedModel"), requireNonNull(apiKeyEnv, "apiKeyEnv"),
        concurrency, null, null);
  }

  /** A local Qwen2.5-VL checkpoint, loaded in-process once per executor JVM. */
  public static ModelSpec checkpoint(String dir, String weights) {
    return new ModelSpec(List.of(), null, null, 1, requireNonNull(dir, "dir"), weights);
  }

  /** Whether this is an endpoint pool. */
  public boolean isEndpointPool() {
    return !endpoints.isEmpty();
  }
}
