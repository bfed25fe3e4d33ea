package io.github.devpigiteasync.server;

/** The server could not bind its address; the message names host, port and cause. */
public final class BindFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BindFailedException(String host, int port, Throwable cause) {
    super("cannot listen on " + host + ":" + port + ": " + LiveState.describe(cause), cause);
  }
}
