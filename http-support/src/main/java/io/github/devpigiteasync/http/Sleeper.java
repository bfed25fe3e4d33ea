package io.github.devpigiteasync.http;

import java.time.Duration;

/** Waits between attempts; tests pass one that records instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
  /** Sleeps on the current thread. */
  Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

  /**
   * Waits for {@code duration}.
   *
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void sleep(Duration duration) throws InterruptedException;
}
