package io.github.devpigiteasync.gitea;

import java.time.Duration;
import java.util.Objects;

/**
 * How requests are retried on connection failures and on HTTP 429, 502, 503 and 504. This client
 * only reads (GET, HEAD), and the shared policy retries only idempotent requests. Delays grow
 * exponentially from {@code initialBackoff}, are jittered, and never exceed {@code maxBackoff}; a
 * {@code Retry-After} header (seconds or an HTTP-date) is honoured up to {@code maxBackoff}.
 *
 * @param maxAttempts total attempts including the first, at least 1
 * @param initialBackoff delay before the first retry
 * @param maxBackoff upper bound for any delay
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
  public RetryPolicy {
    Objects.requireNonNull(initialBackoff, "initialBackoff == null");
    Objects.requireNonNull(maxBackoff, "maxBackoff == null");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts < 1: " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
      throw new IllegalArgumentException("backoff must not be negative");
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff < initialBackoff");
    }
  }

  /** A policy that never retries (a single attempt). */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
  }

  /** Four attempts, 200 ms initial backoff, at most 5 s between attempts. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(5));
  }
}
