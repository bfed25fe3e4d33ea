package io.github.devpigiteasync.sync;

/** A failure of the sync engine itself (not of one file or mapping, which end up in the report). */
public class SyncException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SyncException(String message) {
    super(message);
  }

  public SyncException(String message, Throwable cause) {
    super(message, cause);
  }
}
