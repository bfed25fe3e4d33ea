package io.github.devpigiteasync.gitea.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.devpigiteasync.gitea.RetryPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff =
      new Backoff(new RetryPolicy(10, Duration.ofMillis(200), Duration.ofSeconds(5)), d -> {});

  @Test
  void delaysGrowExponentiallyWithJitterWithinHalfAndFullStep() {
    for (int i = 0; i < 50; i++) {
      assertThat(backoff.delay(1, null)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
      assertThat(backoff.delay(3, null)).isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
    }
  }

  @Test
  void delaysNeverExceedMaxBackoffEvenForHugeAttemptNumbers() {
    for (int attempt = 1; attempt < 100; attempt++) {
      assertThat(backoff.delay(attempt, null)).isLessThanOrEqualTo(Duration.ofSeconds(5));
    }
  }

  @Test
  void retryAfterIsUsedButCapped() {
    assertThat(backoff.delay(1, Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.delay(1, Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void retryAfterHeaderParsesSecondsAndIgnoresDates() {
    assertThat(RetryInterceptor.retryAfter("7")).isEqualTo(Duration.ofSeconds(7));
    assertThat(RetryInterceptor.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isNull();
    assertThat(RetryInterceptor.retryAfter("-1")).isNull();
  }
}
