package io.github.devpigiteasync.store;

import java.sql.SQLException;

/** Error text for health and logs: the most specific message, never a URL or password. */
final class Errors {
  private Errors() {}

  static String describe(Throwable e) {
    // the pool and Flyway wrap the driver's exception; the deepest SQL error says what happened
    Throwable chosen = e;
    Throwable root = e;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException && t.getMessage() != null) {
        chosen = t;
      }
      root = t;
    }
    if (!(chosen instanceof SQLException)) {
      chosen = root.getMessage() != null ? root : e;
    }
    String message = chosen.getMessage();
    if (message == null || message.isBlank()) {
      return chosen.getClass().getSimpleName();
    }
    message = message.strip();
    int nl = message.indexOf('\n');
    return nl > 0 ? message.substring(0, nl) : message;
  }
}
