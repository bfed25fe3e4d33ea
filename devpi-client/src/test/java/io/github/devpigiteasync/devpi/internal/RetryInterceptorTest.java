package io.github.devpigiteasync.devpi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryInterceptorTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-25T11:00:00Z"), ZoneOffset.UTC);

  private static RetryInterceptor interceptor() {
    return new RetryInterceptor(4, Duration.ofMillis(200), Duration.ofSeconds(5), d -> {}, CLOCK);
  }

  @Test
  void backoffDoublesWithJitterAndIsCapped() {
    RetryInterceptor retry = interceptor();

    for (int i = 0; i < 50; i++) {
      assertThat(retry.backoff(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
      assertThat(retry.backoff(3)).isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
      assertThat(retry.backoff(30)).isBetween(Duration.ofMillis(2500), Duration.ofSeconds(5));
    }
  }

  @Test
  void retryAfterAcceptsSecondsAndHttpDatesAndIsCappedAtOneMinute() {
    RetryInterceptor retry = interceptor();

    assertThat(retry.retryAfter("7")).contains(Duration.ofSeconds(7));
    assertThat(retry.retryAfter("Wed, 25 Nov 2026 11:00:30 GMT")).contains(Duration.ofSeconds(30));
    assertThat(retry.retryAfter("Wed, 25 Nov 2026 10:00:00 GMT")).contains(Duration.ZERO);
    assertThat(retry.retryAfter("86400")).contains(Duration.ofMinutes(1));
    assertThat(retry.retryAfter("soon")).isEqualTo(Optional.empty());
    assertThat(retry.retryAfter(null)).isEmpty();
  }

  @Test
  void onlyTransientStatusesAreRetryable() {
    assertThat(RetryInterceptor.retryableStatus(429)).isTrue();
    assertThat(RetryInterceptor.retryableStatus(502)).isTrue();
    assertThat(RetryInterceptor.retryableStatus(503)).isTrue();
    assertThat(RetryInterceptor.retryableStatus(504)).isTrue();
    assertThat(RetryInterceptor.retryableStatus(500)).isFalse();
    assertThat(RetryInterceptor.retryableStatus(409)).isFalse();
    assertThat(RetryInterceptor.retryableStatus(401)).isFalse();
  }
}
