package io.github.devpigiteasync.devpi;

import org.jspecify.annotations.Nullable;

/** Root of every exception thrown by {@link DevpiClient}. Messages never contain credentials. */
public class DevpiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DevpiException(String message) {
    super(message);
  }

  public DevpiException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
