package org.robustr1.eval.rbench.full;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.robustr1.core.openai.ChatCompletionsClient;
import org.robustr1.eval.StubChatServer;

/**
 * A stub judge on 127.0.0.1 that answers by {@link NotebookJudge#reply} and counts, per prompt, the
 * replies it delivered. A gate sees each request's number (1-based) first and can drop it (for a
 * test that kills the caller at that moment): a dropped request is not counted and gets no reply
 * that anyone reads.
 */
public final class RuleJudgeServer implements AutoCloseable {

  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final StubChatServer server;
  private volatile IntPredicate gate = n -> true;

  /**
   * @param threads requests answered at once (0: one at a time)
   * @param delayMs time each reply takes
   */
  public RuleJudgeServer(int threads, long delayMs) throws IOException {
    server = new StubChatServer(req -> {
      String prompt = StubChatServer.userText(req);
      if (!gate.test(requests.incrementAndGet())) {
        return "dropped";
      }
      int call = calls.computeIfAbsent(prompt, k -> new AtomicInteger()).incrementAndGet();
      if (delayMs > 0) {
        try {
          Thread.sleep(delayMs);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return NotebookJudge.reply(prompt, call);
    }, threads);
  }

  /** Sets the gate: false drops the request. */
  public void setGate(IntPredicate g) {
    this.gate = g;
  }

  /** Replies delivered per prompt. */
  public Map<String, AtomicInteger> calls() {
    return calls;
  }

  /** Replies delivered in all. */
  public int delivered() {
    return calls.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** The underlying stub (requests, in-flight count). */
  public StubChatServer server() {
    return server;
  }

  /** The base URL. */
  public String url() {
    return server.baseUrl();
  }

  /** A client of this judge serving {@code gpt-3.5-turbo}, without retries. */
  public ChatCompletionsClient client() {
    return ChatCompletionsClient.builder().setEndpoint(url()).setModel("gpt-3.5-turbo").optMaxRetries(0).build();
  }

  @Override
  public void close() {
    server.close();
  }
}
