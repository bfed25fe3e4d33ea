package io.github.devpigiteasync.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How many attempts a retryable request gets and how long to wait between them. Delays grow
 * exponentially from {@code initialBackoff}, are jittered into the upper half of each step, and
 * never exceed {@code maxBackoff}, not even when a server asks for a longer {@code Retry-After}.
 *
 * @param maxAttempts total attempts including the first, at least 1
 * @param initialBackoff the step before the first retry
 * @param maxBackoff upper bound for any delay
 */
public record RetrySettings(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
  /** Checks the values. */
  public RetrySettings {
    Objects.requireNonNull(initialBackoff, "initialBackoff == null");
    Objects.requireNonNull(maxBackoff, "maxBackoff == null");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts < 1: " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
      throw new IllegalArgumentException("backoff must not be negative");
    }
  }

  /** A single attempt, never a retry. */
  public static RetrySettings none() {
    return new RetrySettings(1, Duration.ZERO, Duration.ZERO);
  }

  /** Four attempts, 200 ms initial backoff, at most 5 s between attempts. */
  public static RetrySettings defaults() {
    return new RetrySettings(4, Duration.ofMillis(200), Duration.ofSeconds(5));
  }
}
