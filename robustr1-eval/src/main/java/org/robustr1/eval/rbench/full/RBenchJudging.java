package org.robustr1.eval.rbench.full;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.robustr1.eval.matching.JudgeModel;
import org.robustr1.eval.rbench.RBenchItem;
import org.robustr1.eval.rbench.RBenchScorer;
import org.robustr1.eval.run.PredictionCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notebook's judge procedure ({@link RBenchScorer#llm}) with every reply cached: first the
 * calls each item needs are listed (MCQ five calls of one prompt, VQA five, CAP one per reference
 * caption; the {@code k}-th call of a prompt within one item's procedure is call {@code k}), then
 * the calls not yet in {@code judge_cache.jsonl} are sent, at most {@code concurrency} at a time,
 * and each reply is appended as soon as it arrives; finally every item is scored from the cache.
 * A call is keyed by its prompt text and {@code k}, so a reply is never requested twice, across
 * items and across reruns. Failed calls are not cached: the run stops after the others finished,
 * and a rerun asks only the missing ones.
 */
final class RBenchJudging {

  private static final Logger LOG = LoggerFactory.getLogger(RBenchJudging.class);

  /** The cache file under the output folder. */
  static final String CACHE = "judge_cache.jsonl";

  /** Sends one judge prompt and returns the reply text. */
  @FunctionalInterface
  interface Client {
    String reply(String prompt) throws IOException;
  }

  /** The three scores of the notebook. */
  enum Comparison {
    /** {@code Score(GT, A_dis)}: {@code Result_dis}. */
    DIS,
    /** {@code Score(GT, A_ref)}: {@code Result_ref}. */
    REF,
    /** {@code Score(A_ref, A_dis)}: {@code Result_com}. */
    COM;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One item's two answers, as the notebook reads them back from {@code exp/}.
   *
   * @param item the item
   * @param ref the answer on the reference image
   * @param dis the answer on the distorted image
   */
  record Answers(RBenchItem item, String ref, String dis) {}

  /**
   * One judge call: the prompt and which of its repeats it is.
   *
   * @param prompt the user message
   * @param k 0 for the first call of this prompt within an item's procedure, 1 for the second, ...
   */
  record Call(String prompt, int k) {
    String key() {
      return Hashing.sha256().hashString(prompt, StandardCharsets.UTF_8) + "#" + k;
    }
  }

  /**
   * What the judge pass did.
   *
   * @param scores comparison to per-item score (same order as the answers)
   * @param calls distinct judge calls the run needs
   * @param asked calls sent in this run
   */
  record Outcome(Map<Comparison, double[]> scores, int calls, int asked) {}

  private RBenchJudging() {}

  /** Scores with the offline normalised-match judge (not the official metric): no calls, no cache. */
  static Outcome offline(List<Answers> answers) {
    return new Outcome(score(answers, RBenchScorer.offline(), null), 0, 0);
  }

  /** Scores with the notebook's LLM judge procedure through {@code client}, cached in {@code cacheFile}. */
  static Outcome official(List<Answers> answers, Client client, int concurrency, Path cacheFile) throws IOException {
    requireNonNull(client, "client");
    checkArgument(concurrency >= 1, "judge concurrency must be >= 1, got %s", concurrency);
    Set<Call> needed = new LinkedHashSet<>();
    score(answers, null, call -> {
      needed.add(call);
      return "";
    });
    int asked = 0;
    Map<String, String> replies = new HashMap<>();
    try (PredictionCache cache = PredictionCache.open(cacheFile)) {
      if (cache.recovered() > 0 || cache.hadTornTail()) {
        LOG.info("resuming from {}: {} judge replies{}", cacheFile, cache.recovered(),
            cache.hadTornTail() ? " (torn last line dropped)" : "");
      }
      List<Call> missing = new ArrayList<>();
      for (Call c : needed) {
        if (!cache.contains(c.key())) {
          missing.add(c);
        }
      }
      LOG.info("judge: {} calls needed, {} cached, {} to ask ({} at a time)", needed.size(),
          needed.size() - missing.size(), missing.size(), concurrency);
      asked = ask(missing, client, concurrency, cache);
      cache.entries().forEach((k, v) -> replies.put(k, v.get("prediction").asText()));
    }
    return new Outcome(score(answers, null, call -> replies.get(call.key())), needed.size(), asked);
  }

  private static int ask(List<Call> missing, Client client, int concurrency, PredictionCache cache) throws IOException {
    if (missing.isEmpty()) {
      return 0;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, missing.size()), r -> {
      Thread t = new Thread(r, "rbench-judge");
      t.setDaemon(true);
      return t;
    });
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (Call c : missing) {
        futures.add(pool.submit(() -> {
          String reply = client.reply(c.prompt());
          ObjectNode rec = PredictionCache.newRecord();
          rec.put("key", c.key());
          rec.put("k", c.k());
          rec.put("prompt", c.prompt());
          rec.put("prediction", reply == null ? "" : reply);
          cache.append(rec);
          return null;
        }));
      }
      int failed = 0;
      String first = null;
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          failed++;
          if (first == null) {
            first = String.valueOf(e.getCause().getMessage()).replaceAll("\\s*\\R\\s*", " ");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while judging", e);
        }
      }
      if (failed > 0) {
        throw new IOException(failed + " of " + missing.size() + " judge calls failed (first: " + first
            + "); the " + (missing.size() - failed) + " answered are kept in " + cache.file()
            + "; rerun the same command to ask only the missing ones");
      }
    } finally {
      pool.shutdownNow();
    }
    return missing.size();
  }

  /**
   * Runs the procedure for every answer pair: with {@code scorer} when given (offline), else with
   * {@link RBenchScorer#llm} on a judge that answers each call through {@code reply}.
   */
  private static Map<Comparison, double[]> score(List<Answers> answers, RBenchScorer scorer,
      java.util.function.Function<Call, String> reply) {
    Map<Comparison, double[]> out = new LinkedHashMap<>();
    for (Comparison c : Comparison.values()) {
      out.put(c, new double[answers.size()]);
    }
    for (int i = 0; i < answers.size(); i++) {
      Answers a = answers.get(i);
      for (Comparison c : Comparison.values()) {
        RBenchScorer s = scorer != null ? scorer : RBenchScorer.llm(new Procedure(reply));
        out.get(c)[i] = switch (c) {
          case DIS -> s.scoreAgainstKey(a.item(), a.dis());
          case REF -> s.scoreAgainstKey(a.item(), a.ref());
          case COM -> s.scoreAgainstReferenceAnswer(a.item(), a.ref(), a.dis());
        };
      }
    }
    return out;
  }

  /** A judge for one item's procedure: numbers the repeats of each prompt. */
  private static final class Procedure implements JudgeModel {
    private final java.util.function.Function<Call, String> reply;
    private final Map<String, Integer> seen = new HashMap<>();

    Procedure(java.util.function.Function<Call, String> reply) {
      this.reply = reply;
    }

    @Override
    public String generate(String prompt) {
      int k = seen.merge(prompt, 1, Integer::sum) - 1;
      String r = reply.apply(new Call(prompt, k));
      if (r == null) {
        throw new IllegalStateException("no cached judge reply for call " + k + " of: " + prompt);
      }
      return r;
    }
  }
}
