package org.robustr1.serve;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.VlmPrompt;
import org.robustr1.serve.generate.Completion;
import org.robustr1.serve.generate.StopStrings;
import org.robustr1.serve.openai.ChatResponses.FinishReason;
import org.robustr1.serve.openai.OpenAiError;

/**
 * One admitted chat completion, shared by its request thread and the model's worker thread. The
 * worker feeds it text ({@link #onText}) and ends it ({@link #finish} or {@link #fail}); the
 * request thread reads {@link #next} events: released text pieces, then one {@link Result} or
 * {@link OpenAiError}. The request thread {@link #cancel}s it when the client has gone; the worker
 * then ends the row at its next token.
 */
final class Job {

  /**
   * The end of a generation.
   *
   * @param text the whole answer (cut before a stop string)
   * @param finish why it ended
   * @param promptTokens tokens of the prompt
   * @param completionTokens tokens generated
   */
  record Result(String text, FinishReason finish, int promptTokens, int completionTokens) {}

  private final VlmPrompt prompt;
  private final SamplingConfig sampling;
  private final long deadlineNanos;
  private final long timeoutSeconds;
  private final StopStrings stops;
  private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
  private volatile boolean cancelled;
  private volatile OpenAiError abort;
  private boolean timedOut;
  private int tokens;

  Job(VlmPrompt prompt, SamplingConfig sampling, StopStrings stops, long timeoutNanos) {
    this.prompt = requireNonNull(prompt, "prompt");
    this.sampling = requireNonNull(sampling, "sampling");
    this.stops = requireNonNull(stops, "stops");
    this.deadlineNanos = System.nanoTime() + timeoutNanos;
    this.timeoutSeconds = TimeUnit.NANOSECONDS.toSeconds(timeoutNanos);
  }

  VlmPrompt prompt() {
    return prompt;
  }

  SamplingConfig sampling() {
    return sampling;
  }

  /** Whether {@code other} may share a batch with this job: both greedy with the same penalty. */
  boolean batchesWith(Job other) {
    return sampling.isGreedy() && other.sampling.isGreedy()
        && sampling.repetitionPenalty() == other.sampling.repetitionPenalty();
  }

  /** Marks the job abandoned by its client. */
  void cancel() {
    cancelled = true;
  }

  /** Ends the job early with {@code error} (the server is stopping). */
  void abort(OpenAiError error) {
    abort = error;
    cancelled = true;
  }

  boolean cancelled() {
    return cancelled;
  }

  /** Worker: whether the deadline ended the row. */
  boolean timedOut() {
    return timedOut;
  }

  /** Nanoseconds left before the request's deadline (negative once past). */
  long nanosLeft() {
    return deadlineNanos - System.nanoTime();
  }

  /** Worker: one more token's text; false ends the row. */
  boolean onText(String delta) {
    tokens++;
    if (cancelled) {
      return false;
    }
    if (nanosLeft() < 0) {
      timedOut = true;
      return false;
    }
    String out = stops.offer(delta);
    if (!out.isEmpty()) {
      events.add(out);
    }
    return !stops.hit() && tokens < sampling.maxNewTokens();
  }

  /** Worker: the generation of this row ended. */
  void finish(Completion c) {
    if (abort != null) {
      fail(abort);
      return;
    }
    if (timedOut) {
      fail(timeout());
      return;
    }
    String text;
    FinishReason finish;
    if (stops.hit()) {
      text = stops.text();
      finish = FinishReason.STOP;
    } else {
      String released = stops.text();
      String rest = stops.flush();
      if (!rest.isEmpty()) {
        events.add(rest);
      }
      text = c.text();
      if (text.length() > released.length() && text.startsWith(released)) {
        events.add(text.substring(released.length()));
      }
      finish = c.endedByStopToken() ? FinishReason.STOP : FinishReason.LENGTH;
    }
    events.add(new Result(text, finish, c.promptTokens(), c.completionTokens()));
  }

  /** Ends the job with an error. */
  void fail(OpenAiError error) {
    events.add(error);
  }

  /** The timeout error of this job. */
  OpenAiError timeout() {
    return new OpenAiError(504, "timeout_error", "timeout",
        null, "the request did not finish within " + timeoutSeconds + " s (--request-timeout)");
  }

  /**
   * The next event (a text piece, a {@link Result} or an {@link OpenAiError}), or null when none
   * came within {@code millis}.
   */
  Object next(long millis) throws InterruptedException {
    return events.poll(millis, TimeUnit.MILLISECONDS);
  }
}
