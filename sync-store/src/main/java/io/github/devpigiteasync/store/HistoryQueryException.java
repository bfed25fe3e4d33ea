package io.github.devpigiteasync.store;

/**
 * A history query parameter is not valid; the message names the parameter and the value, so the
 * server answers it as a 400 and the CLI prints it as a usage error.
 */
public final class HistoryQueryException extends StoreException {
  private static final long serialVersionUID = 1L;

  /** An exception whose message names the parameter. */
  public HistoryQueryException(String message) {
    super(message);
  }
}
