package io.github.devpigiteasync.gitea.internal;

import java.time.Duration;

/** Waits between retries; swapped in tests so that no test depends on wall-clock time. */
@FunctionalInterface
public interface Sleeper {
  Sleeper REAL = d -> Thread.sleep(d.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
