package org.robustr1.serve;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.VlmPrompt;
import org.robustr1.serve.generate.Completion;
import org.robustr1.serve.generate.Generator;
import org.robustr1.serve.generate.TextListener;

/**
 * A test double of a model: answers every prompt with the same text, one word per token (the
 * first without its leading space), waiting {@code perToken} between tokens; counts what it did.
 */
final class ScriptedGenerator implements Generator {

  private final String name;
  private final String[] words;
  private final Duration perToken;
  private final int maxBatch;
  final AtomicInteger tokens = new AtomicInteger();
  final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
  final List<String> prompts = Collections.synchronizedList(new ArrayList<>());
  volatile boolean closed;

  ScriptedGenerator(String name, String text, Duration perToken, int maxBatch) {
    this.name = name;
    this.words = text.split(" ", -1);
    this.perToken = perToken;
    this.maxBatch = maxBatch;
  }

  /** Endless text: {@code n} numbered words. */
  static String words(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : " ").append("w").append(i);
    }
    return sb.toString();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int maxBatch() {
    return maxBatch;
  }

  @Override
  public List<Completion> generate(List<VlmPrompt> batch, SamplingConfig sampling, TextListener listener) {
    batchSizes.add(batch.size());
    batch.forEach(p -> prompts.add(p.user()));
    int rows = batch.size();
    boolean[] done = new boolean[rows];
    int[] count = new int[rows];
    StringBuilder[] text = new StringBuilder[rows];
    for (int r = 0; r < rows; r++) {
      text[r] = new StringBuilder();
    }
    for (int t = 0; t < sampling.maxNewTokens(); t++) {
      boolean any = false;
      for (int r = 0; r < rows; r++) {
        if (done[r]) {
          continue;
        }
        String delta = t < words.length ? (t == 0 ? "" : " ") + words[t] : "";
        text[r].append(delta);
        count[r]++;
        tokens.incrementAndGet();
        boolean more = listener.onText(r, delta);
        if (!more || t >= words.length) {
          done[r] = true;
        } else {
          any = true;
        }
      }
      if (!any) {
        break;
      }
      sleep();
    }
    List<Completion> out = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      out.add(new Completion(text[r].toString(), 7, count[r], count[r] > words.length));
    }
    return out;
  }

  private void sleep() {
    if (perToken.isZero()) {
      return;
    }
    try {
      Thread.sleep(perToken.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
