package io.github.devpigiteasync.devpi.internal;

import java.time.Duration;

/** Waits between retries; replaced in tests so that they never really sleep. */
@FunctionalInterface
public interface Sleeper {
  Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
