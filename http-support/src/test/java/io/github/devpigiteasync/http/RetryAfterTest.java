package io.github.devpigiteasync.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2026-11-25T11:00:00Z");

  @Test
  void deltaSecondsAreReadAsSeconds() {
    assertThat(RetryAfter.parse("7", NOW)).contains(Duration.ofSeconds(7));
    assertThat(RetryAfter.parse(" 0 ", NOW)).contains(Duration.ZERO);
  }

  @Test
  void httpDateIsMeasuredFromNowAndAPastDateIsZero() {
    assertThat(RetryAfter.parse("Wed, 25 Nov 2026 11:00:30 GMT", NOW))
        .contains(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse("Wed, 25 Nov 2026 10:00:00 GMT", NOW)).contains(Duration.ZERO);
  }

  @Test
  void hugeValuesAreCappedAtOneDay() {
    assertThat(RetryAfter.parse("86400000", NOW)).contains(Duration.ofDays(1));
    assertThat(RetryAfter.parse("99999999999999999999999", NOW)).contains(Duration.ofDays(1));
    assertThat(RetryAfter.parse("Fri, 25 Nov 2050 11:00:00 GMT", NOW)).contains(Duration.ofDays(1));
  }

  @Test
  void negativeOrUnreadableValuesAreIgnored() {
    assertThat(RetryAfter.parse("-1", NOW)).isEmpty();
    assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
    assertThat(RetryAfter.parse("", NOW)).isEmpty();
    assertThat(RetryAfter.parse(null, NOW)).isEmpty();
  }
}
