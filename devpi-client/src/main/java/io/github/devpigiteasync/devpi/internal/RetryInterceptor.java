package io.github.devpigiteasync.devpi.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries transient failures (IOException, 429, 502, 503, 504) with capped, jittered exponential
 * backoff, honouring {@code Retry-After}. Every devpi call this client makes is safe to repeat:
 * reads, login, uploads (devpi treats an identical re-upload as a no-op or overwrite) and deletes
 * (a repeated delete answers 404/410, which callers treat as done).
 */
public final class RetryInterceptor implements Interceptor {
  private static final Logger log = LoggerFactory.getLogger(RetryInterceptor.class);
  private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(1);

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Sleeper sleeper;
  private final Clock clock;

  public RetryInterceptor(
      int maxAttempts, Duration initialBackoff, Duration maxBackoff, Sleeper sleeper, Clock clock) {
    this.maxAttempts = maxAttempts;
    this.initialBackoff = Objects.requireNonNull(initialBackoff, "initialBackoff == null");
    this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff == null");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  static boolean retryableStatus(int code) {
    return code == 429 || code == 502 || code == 503 || code == 504;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    for (int attempt = 1; ; attempt++) {
      Response response;
      try {
        response = chain.proceed(request);
      } catch (IOException e) {
        if (attempt >= maxAttempts || chain.call().isCanceled()) {
          throw e;
        }
        Duration delay = backoff(attempt);
        log.debug(
            "{} {} failed ({}), attempt {} of {}, retrying in {} ms",
            request.method(),
            request.url().encodedPath(),
            e.toString(),
            attempt,
            maxAttempts,
            delay.toMillis());
        pause(delay);
        continue;
      }
      if (!retryableStatus(response.code()) || attempt >= maxAttempts) {
        return response;
      }
      int failed = attempt;
      Duration delay = retryAfter(response.header("Retry-After")).orElseGet(() -> backoff(failed));
      log.debug(
          "{} {} answered {}, attempt {} of {}, retrying in {} ms",
          request.method(),
          request.url().encodedPath(),
          response.code(),
          attempt,
          maxAttempts,
          delay.toMillis());
      response.close();
      pause(delay);
    }
  }

  private void pause(Duration delay) throws InterruptedIOException {
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException ioe = new InterruptedIOException("interrupted while waiting to retry");
      ioe.initCause(e);
      throw ioe;
    }
  }

  /** Full-range exponential delay for this attempt, capped, with jitter in [delay/2, delay]. */
  Duration backoff(int attempt) {
    long initial = initialBackoff.toMillis();
    long cap = maxBackoff.toMillis();
    long exp = initial << Math.min(attempt - 1, 20);
    long delay = Math.min(cap, exp < 0 ? cap : exp);
    if (delay <= 1) {
      return Duration.ofMillis(Math.max(delay, 0));
    }
    long half = delay / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(delay - half + 1));
  }

  Optional<Duration> retryAfter(@Nullable String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String value = header.trim();
    Duration wait;
    try {
      wait = Duration.ofSeconds(Long.parseLong(value));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime when = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
        wait = Duration.between(clock.instant(), when.toInstant());
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
    if (wait.isNegative()) {
      wait = Duration.ZERO;
    }
    return Optional.of(wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait);
  }
}
