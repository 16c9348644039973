package org.robustr1.core.openai;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * When and how long to retry a chat-completions call: connection errors, timeouts and HTTP 408,
 * 429 and 5xx are retried up to {@code maxRetries} times; the wait before retry {@code k} (1-based)
 * is {@code backoff * 2^(k-1)} when {@code exponential}, else {@code backoff * k}, or longer when
 * the server's {@code Retry-After} asks for more (up to {@link #MAX_RETRY_AFTER}).
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

  /** The longest wait a server's {@code Retry-After} can impose. */
  public static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

  /**
   * The wait a {@code Retry-After} header asks for: delay-seconds ({@code 120}) or an HTTP date,
   * at most {@link #MAX_RETRY_AFTER}; empty when absent or unreadable.
   *
   * @param header the header's value, or null
   * @param now the current time, for an HTTP date
   */
  public static Optional<Duration> retryAfter(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String v = header.strip();
    Duration d;
    try {
      d = Duration.ofSeconds(Long.parseLong(v));
    } catch (NumberFormatException e) {
      try {
        d = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
    if (d.isNegative()) {
      d = Duration.ZERO;
    }
    return Optional.of(d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d);
  }

  /**
   * The wait before retry {@code retry} (1-based) when the server asked for {@code serverWait}
   * ({@code Retry-After}): the longer of the two.
   */
  public Duration delayBefore(int retry, Optional<Duration> serverWait) {
    Duration own = delayBefore(retry);
    return serverWait.filter(w -> w.compareTo(own) > 0).orElse(own);
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
