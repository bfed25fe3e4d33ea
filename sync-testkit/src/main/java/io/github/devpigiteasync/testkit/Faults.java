package io.github.devpigiteasync.testkit;

import io.github.devpigiteasync.testkit.internal.FaultPlan;
import java.time.Duration;

/**
 * Faults to inject into a simulator's next matching requests.
 *
 * <p>Every {@code pathRegex} is searched ({@link java.util.regex.Matcher#find()}) in the decoded
 * request path, so {@code "/files/"} matches any download and {@code "^/api/v1/packages/acme$"}
 * only the list endpoint. Faulted requests are still recorded and counted. Thread-safe.
 */
public final class Faults {
  private final FaultPlan plan;

  Faults(FaultPlan plan) {
    this.plan = plan;
  }

  /**
   * Answers the next {@code times} matching requests with {@code status} and a short plain-text
   * body.
   */
  public Faults failNext(String pathRegex, int status, int times) {
    plan.fail(pathRegex, status, times, -1);
    return this;
  }

  /** Like {@link #failNext} and also sends {@code Retry-After: seconds}. */
  public Faults failNextWithRetryAfter(String pathRegex, int status, int times, int seconds) {
    if (seconds < 0) {
      throw new IllegalArgumentException("seconds must be >= 0");
    }
    plan.fail(pathRegex, status, times, seconds);
    return this;
  }

  /** Holds the next matching request for {@code delay} before handling it normally. */
  public Faults delayNext(String pathRegex, Duration delay) {
    plan.delay(pathRegex, delay);
    return this;
  }

  /**
   * Handles the next {@code times} matching requests normally but sends only the first half of the
   * response body (with the full {@code Content-Length}) and then closes the connection.
   */
  public Faults dropConnectionMidBody(String pathRegex, int times) {
    plan.dropMidBody(pathRegex, times);
    return this;
  }

  /**
   * Reads the first 64 KiB of the next {@code times} matching requests' bodies and then closes the
   * connection without answering, like a server or proxy that resets a connection mid-upload.
   * Nothing of such a request is handled.
   */
  public Faults resetConnectionMidRequest(String pathRegex, int times) {
    plan.resetRequest(pathRegex, times);
    return this;
  }

  /** Flips bytes in the next matching file download; the stored file is untouched. */
  public Faults corruptNextDownload(String pathRegex) {
    plan.corrupt(pathRegex);
    return this;
  }

  /** Removes all pending faults. */
  public Faults clear() {
    plan.clear();
    return this;
  }
}
