package io.github.devpigiteasync.devpi;

import java.io.IOException;

/** The request failed below HTTP (connect, TLS, read or write failure, timeout) after retries. */
public class DevpiTransportException extends DevpiException {
  private static final long serialVersionUID = 1L;

  public DevpiTransportException(String message, IOException cause) {
    super(message, cause);
  }
}
