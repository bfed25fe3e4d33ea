package io.github.devpigiteasync.testkit.internal;

/** The application part of a simulator: answers one request. */
@FunctionalInterface
public interface Route {
  void handle(Call call) throws Exception;
}
