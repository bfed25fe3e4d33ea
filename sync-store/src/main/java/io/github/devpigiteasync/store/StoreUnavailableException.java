package io.github.devpigiteasync.store;

/**
 * The store could not be read or written right now (database down, credentials refused, schema not
 * yet migrated). Recording never throws it: events wait in the buffer instead.
 */
public final class StoreUnavailableException extends StoreException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message and its cause. */
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /** An exception with a message. */
  public StoreUnavailableException(String message) {
    super(message);
  }
}
