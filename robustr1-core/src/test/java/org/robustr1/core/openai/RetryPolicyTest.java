package org.robustr1.core.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void retryAfterReadsSecondsAndHttpDatesAndIsCapped() {
    assertThat(RetryPolicy.retryAfter("7", NOW)).contains(Duration.ofSeconds(7));
    assertThat(RetryPolicy.retryAfter("Thu, 01 Jan 2026 00:00:30 GMT", NOW)).contains(Duration.ofSeconds(30));
    assertThat(RetryPolicy.retryAfter("Wed, 31 Dec 2025 23:00:00 GMT", NOW)).contains(Duration.ZERO);
    assertThat(RetryPolicy.retryAfter("86400", NOW)).contains(RetryPolicy.MAX_RETRY_AFTER);
    assertThat(RetryPolicy.retryAfter("soon", NOW)).isEmpty();
    assertThat(RetryPolicy.retryAfter(null, NOW)).isEmpty();
  }

  @Test
  void theServersWaitWinsWhenLonger() {
    RetryPolicy p = new RetryPolicy(3, Duration.ofSeconds(1), true);
    assertThat(p.delayBefore(2, Optional.of(Duration.ofSeconds(5)))).isEqualTo(Duration.ofSeconds(5));
    assertThat(p.delayBefore(2, Optional.of(Duration.ofMillis(10)))).isEqualTo(Duration.ofSeconds(2));
    assertThat(p.delayBefore(1, Optional.empty())).isEqualTo(Duration.ofSeconds(1));
  }
}
