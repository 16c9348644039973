package org.robustr1.serve;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.VlmPrompt;
import org.robustr1.serve.generate.Completion;
import org.robustr1.serve.generate.Generator;
import org.robustr1.serve.openai.OpenAiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that runs a model: it takes the oldest admitted job and, when that job is greedy
 * and the generator batches, every waiting greedy job with the same repetition penalty (up to the
 * generator's {@link Generator#maxBatch()}), and generates them as one left-padded batch of at
 * most the longest {@code max_tokens}; each row stops at its own limit. Sampled jobs run alone, so
 * a seed always draws the same answer. Jobs whose client has gone or whose deadline has passed are
 * dropped before they start.
 */
final class ModelWorker {

  private static final Logger LOG = LoggerFactory.getLogger(ModelWorker.class);
  private static final Job STOP = new Job(VlmPrompt.text("stop"), SamplingConfig.greedy(1),
      new org.robustr1.serve.generate.StopStrings(List.of()), 0);

  private final Generator generator;
  private final LinkedBlockingDeque<Job> queue = new LinkedBlockingDeque<>();
  private final Thread thread;
  private final AtomicLong cancelled = new AtomicLong();
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong batchedRows = new AtomicLong();
  private volatile List<Job> running = List.of();
  private volatile boolean closing;
  /** Moving average of the seconds a batch takes, for Retry-After. */
  private volatile double secondsPerBatch = 1;

  ModelWorker(Generator generator) {
    this.generator = requireNonNull(generator, "generator");
    this.thread = new Thread(this::loop, "robustr1-serve-" + generator.name());
    this.thread.setDaemon(true);
    this.thread.start();
  }

  Generator generator() {
    return generator;
  }

  /** Queues an admitted job. */
  void submit(Job job) {
    if (closing) {
      throw shuttingDown();
    }
    queue.add(job);
  }

  /** Jobs waiting. */
  int waiting() {
    return queue.size();
  }

  /** Jobs generating now. */
  int runningCount() {
    return running.size();
  }

  /** Rows ended because their client went away or their deadline passed. */
  long cancelledRows() {
    return cancelled.get();
  }

  /** Batches run and the rows they held. */
  long[] batchStats() {
    return new long[] {batches.get(), batchedRows.get()};
  }

  /** Seconds until {@code ahead} more waiting jobs would be done, by the recent batch time. */
  long estimateSeconds(int ahead) {
    int perBatch = Math.max(1, generator.maxBatch());
    return (long) Math.ceil(secondsPerBatch * (1 + (ahead + waiting()) / (double) perBatch));
  }

  private void loop() {
    while (true) {
      Job first;
      try {
        first = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (first == STOP) {
        return;
      }
      List<Job> batch = new ArrayList<>();
      addIfLive(batch, first);
      if (generator.maxBatch() > 1 && first.sampling().isGreedy()) {
        for (Iterator<Job> it = queue.iterator(); it.hasNext() && batch.size() < generator.maxBatch(); ) {
          Job j = it.next();
          if (j != STOP && first.batchesWith(j)) {
            it.remove();
            addIfLive(batch, j);
          }
        }
      }
      if (!batch.isEmpty()) {
        run(batch);
      }
    }
  }

  private void addIfLive(List<Job> batch, Job j) {
    if (j.cancelled()) {
      cancelled.incrementAndGet();
    } else if (j.nanosLeft() < 0) {
      j.fail(j.timeout());
    } else {
      batch.add(j);
    }
  }

  private void run(List<Job> batch) {
    int maxNew = 0;
    List<VlmPrompt> prompts = new ArrayList<>(batch.size());
    for (Job j : batch) {
      maxNew = Math.max(maxNew, j.sampling().maxNewTokens());
      prompts.add(j.prompt());
    }
    SamplingConfig s = batch.get(0).sampling();
    SamplingConfig sampling = new SamplingConfig(maxNew, s.temperature(), s.topK(), s.topP(), s.repetitionPenalty(), s.seed());
    running = List.copyOf(batch);
    long t0 = System.nanoTime();
    try {
      List<Completion> out = generator.generate(prompts, sampling, (row, delta) -> batch.get(row).onText(delta));
      for (int r = 0; r < batch.size(); r++) {
        Job j = batch.get(r);
        if (j.cancelled() || j.timedOut()) {
          cancelled.incrementAndGet();
        }
        j.finish(out.get(r));
      }
    } catch (RuntimeException | Error e) {
      LOG.error("generation failed for {} request(s) on {}", batch.size(), generator.name(), e);
      OpenAiError err = new OpenAiError(500, "server_error", null, null,
          "generation failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
      batch.forEach(j -> j.fail(err));
    } finally {
      running = List.of();
      double sec = (System.nanoTime() - t0) / 1e9;
      secondsPerBatch = 0.7 * secondsPerBatch + 0.3 * sec;
      batches.incrementAndGet();
      batchedRows.addAndGet(batch.size());
    }
  }

  /** Stops taking jobs and answers the waiting ones 503; the running batch goes on. */
  void beginClose() {
    closing = true;
    List<Job> left = new ArrayList<>();
    queue.drainTo(left);
    left.stream().filter(j -> j != STOP).forEach(j -> j.fail(shuttingDown()));
    queue.add(STOP);
  }

  /**
   * Waits up to {@code grace} for the running batch, then ends its rows (answered 503), and closes
   * the generator; call {@link #beginClose()} first.
   */
  void awaitClose(Duration grace) {
    try {
      thread.join(Math.max(1, grace.toMillis()));
      if (thread.isAlive()) {
        LOG.warn("{}: ending the running generation after the {} s grace period", generator.name(), grace.toSeconds());
        running.forEach(j -> j.abort(shuttingDown()));
        thread.join(TimeUnit.SECONDS.toMillis(30));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    generator.close();
  }

  static OpenAiError shuttingDown() {
    return new OpenAiError(503, "server_error", "shutting_down", null, "the server is shutting down");
  }
}
