package io.github.devpigiteasync.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final List<Duration> sleeps = new ArrayList<>();
  private final Backoff backoff =
      new Backoff(
          new RetrySettings(10, Duration.ofMillis(200), Duration.ofSeconds(5)), sleeps::add);

  @Test
  void delaysGrowExponentiallyWithJitterWithinHalfAndFullStep() {
    for (int i = 0; i < 50; i++) {
      assertThat(backoff.delay(1, null)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
      assertThat(backoff.delay(3, null)).isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
      assertThat(backoff.delay(30, null)).isBetween(Duration.ofMillis(2500), Duration.ofSeconds(5));
    }
  }

  @Test
  void delaysNeverExceedMaxBackoffEvenForHugeAttemptNumbers() {
    for (int attempt = 1; attempt < 100; attempt++) {
      assertThat(backoff.delay(attempt, null)).isLessThanOrEqualTo(Duration.ofSeconds(5));
    }
  }

  @Test
  void jitterActuallyVaries() {
    List<Duration> seen = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      seen.add(backoff.delay(5, null));
    }

    assertThat(new HashSet<>(seen)).hasSizeGreaterThan(1);
  }

  @Test
  void retryAfterReplacesTheComputedDelayButIsCapped() {
    assertThat(backoff.delay(1, Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.delay(1, Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(5));
    assertThat(backoff.delay(1, Duration.ZERO)).isEqualTo(Duration.ZERO);
  }

  @Test
  void sleepUsesTheSleeperAndSkipsZero() throws InterruptedIOException {
    backoff.sleep(Duration.ZERO);
    backoff.sleep(Duration.ofMillis(300));

    assertThat(sleeps).containsExactly(Duration.ofMillis(300));
  }

  @Test
  void interruptedSleepBecomesInterruptedIoExceptionAndKeepsTheFlag() {
    Backoff interrupted =
        new Backoff(
            RetrySettings.defaults(),
            d -> {
              throw new InterruptedException("stop");
            });

    assertThatThrownBy(() -> interrupted.sleep(Duration.ofSeconds(1)))
        .isInstanceOf(InterruptedIOException.class);
    assertThat(Thread.interrupted()).isTrue();
  }

  @Test
  void settingsRejectImpossibleValues() {
    assertThatThrownBy(() -> new RetrySettings(0, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> new RetrySettings(2, Duration.ofSeconds(-1), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(RetrySettings.defaults())
        .isEqualTo(new RetrySettings(4, Duration.ofMillis(200), Duration.ofSeconds(5)));
    assertThat(RetrySettings.none().maxAttempts()).isEqualTo(1);
  }
}
