package io.github.devpigiteasync.devpi;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently transient failures are retried: connect/read failures and HTTP 429,
 * 502, 503 and 504. Reads, deletes, the login and uploads are retried (a devpi upload is safe to
 * send again: an interrupted one stores nothing, a whole second copy overwrites or is identical).
 * Backoff doubles from {@code initialBackoff} up to {@code maxBackoff} with random jitter; a {@code
 * Retry-After} header (seconds or an HTTP-date) replaces it, also capped at {@code maxBackoff}.
 *
 * @param maxAttempts total attempts including the first; 1 disables retries
 * @param initialBackoff the delay before the second attempt
 * @param maxBackoff the cap on any computed delay
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
  }

  /** One attempt, no retries. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
  }

  /** Four attempts, starting at 200 ms, capped at 5 s. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(5));
  }
}
