package io.github.devpigiteasync.http;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Capped exponential backoff with "equal jitter": retry {@code n} waits a random time between half
 * and all of {@code min(initialBackoff * 2^(n-1), maxBackoff)}. Shared by {@link RetryInterceptor}
 * and by callers that restart work themselves (a download that broke off mid-body).
 */
public final class Backoff {
  private final RetrySettings settings;
  private final Sleeper sleeper;

  /** A backoff for these settings that waits with {@code sleeper}. */
  public Backoff(RetrySettings settings, Sleeper sleeper) {
    this.settings = Objects.requireNonNull(settings, "settings == null");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper == null");
  }

  /** The settings this backoff follows. */
  public RetrySettings policy() {
    return settings;
  }

  /**
   * The delay before retry number {@code retry} (1 = the first retry). A server's {@code
   * Retry-After} replaces the computed delay but is capped at {@code maxBackoff} too, so that a
   * confused or hostile proxy cannot stall the caller.
   */
  public Duration delay(int retry, @Nullable Duration retryAfter) {
    long maxMillis = settings.maxBackoff().toMillis();
    if (retryAfter != null) {
      return Duration.ofMillis(Math.min(Math.max(0, retryAfter.toMillis()), maxMillis));
    }
    long base = settings.initialBackoff().toMillis();
    int shift = Math.min(Math.max(retry - 1, 0), 30);
    long exp = base << shift;
    if (exp < 0 || (base != 0 && exp / base != (1L << shift))) {
      exp = Long.MAX_VALUE;
    }
    long capped = Math.min(exp, maxMillis);
    long half = capped / 2;
    long jitter = half == 0 ? 0 : ThreadLocalRandom.current().nextLong(capped - half + 1);
    return Duration.ofMillis(half + jitter);
  }

  /**
   * Waits for {@code delay}; zero or negative returns at once.
   *
   * @throws InterruptedIOException if interrupted (the interrupt flag is set again)
   */
  public void sleep(Duration delay) throws InterruptedIOException {
    if (delay.isZero() || delay.isNegative()) {
      return;
    }
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException io = new InterruptedIOException("interrupted while waiting to retry");
      io.initCause(e);
      throw io;
    }
  }
}
