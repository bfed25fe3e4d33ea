package io.github.devpigiteasync.gitea.internal;

import io.github.devpigiteasync.gitea.RetryPolicy;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Capped exponential backoff with "equal jitter", shared by the retry interceptor and downloads.
 */
public final class Backoff {
  private final RetryPolicy policy;
  private final Sleeper sleeper;

  public Backoff(RetryPolicy policy, Sleeper sleeper) {
    this.policy = Objects.requireNonNull(policy, "policy == null");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper == null");
  }

  public RetryPolicy policy() {
    return policy;
  }

  /**
   * Delay before retry number {@code retry} (1 = first retry). A server-sent Retry-After wins over
   * the computed delay but is capped at maxBackoff so that a hostile or confused proxy cannot stall
   * us.
   */
  public Duration delay(int retry, @Nullable Duration retryAfter) {
    long maxMillis = policy.maxBackoff().toMillis();
    if (retryAfter != null) {
      return Duration.ofMillis(Math.min(Math.max(0, retryAfter.toMillis()), maxMillis));
    }
    long base = policy.initialBackoff().toMillis();
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
