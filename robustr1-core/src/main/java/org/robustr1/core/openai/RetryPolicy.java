package org.robustr1.core.openai;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * When and how long to retry a chat-completions call: connection errors, timeouts and HTTP 408,
 * 429 and 5xx are retried up to {@code maxRetries} times; the wait before retry {@code k} (1-based)
 * is {@code backoff * 2^(k-1)} when {@code exponential}, else {@code backoff * k}.
 *
 * @param maxRetries retries after the first attempt (0 = a single attempt)
 * @param backoff the wait before the first retry
 * @param exponential doubling waits (true) or linearly growing ones (false)
 */
public record RetryPolicy(int maxRetries, Duration backoff, boolean exponential) {

  /** Validates the fields. */
  public RetryPolicy {
    checkArgument(maxRetries >= 0, "maxRetries must be >= 0, got %s", maxRetries);
    requireNonNull(backoff, "backoff");
    checkArgument(!backoff.isNegative(), "backoff must not be negative, got %s", backoff);
  }

  /** Whether an HTTP status is worth another attempt (408, 429, 5xx). */
  public static boolean retryable(int status) {
    return status == 408 || status == 429 || status >= 500;
  }

  /** The wait before retry {@code retry} (1-based). */
  public Duration delayBefore(int retry) {
    checkArgument(retry >= 1, "retry must be >= 1, got %s", retry);
    return exponential ? backoff.multipliedBy(1L << Math.min(retry - 1, 16)) : backoff.multipliedBy(retry);
  }

  /** A copy with another retry count. */
  public RetryPolicy withMaxRetries(int n) {
    return new RetryPolicy(n, backoff, exponential);
  }

  /** A copy with another first wait. */
  public RetryPolicy withBackoff(Duration d) {
    return new RetryPolicy(maxRetries, d, exponential);
  }
}
