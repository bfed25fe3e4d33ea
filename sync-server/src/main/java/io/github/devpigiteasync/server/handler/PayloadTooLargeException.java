package io.github.devpigiteasync.server.handler;

/** A request body exceeded the configured limit; answered with 413. */
public final class PayloadTooLargeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  PayloadTooLargeException(long limit) {
    super("request body larger than " + limit + " bytes");
  }
}
