package io.github.devpigiteasync.devpi;

import java.util.Locale;
import java.util.Objects;

/**
 * devpi-server answered with an HTTP status the call cannot treat as success. Subclasses name the
 * statuses callers usually handle.
 */
public class DevpiHttpException extends DevpiException {
  private static final long serialVersionUID = 1L;

  private final String method;
  private final String path;
  private final int status;
  private final String serverMessage;

  public DevpiHttpException(String method, String path, int status, String serverMessage) {
    super(
        String.format(
            Locale.ROOT,
            "%s %s failed: HTTP %d%s",
            method,
            path,
            status,
            serverMessage.isEmpty() ? "" : ": " + serverMessage));
    this.method = Objects.requireNonNull(method, "method == null");
    this.path = Objects.requireNonNull(path, "path == null");
    this.status = status;
    this.serverMessage = serverMessage;
  }

  /** The HTTP method, for example {@code POST}. */
  public String method() {
    return method;
  }

  /** The request path (with query, if any), for example {@code /alice/dev/}. */
  public String path() {
    return path;
  }

  /** The HTTP status code. */
  public int status() {
    return status;
  }

  /**
   * devpi's own explanation (JSON {@code message} or {@code title}, or plain text); may be empty.
   */
  public String serverMessage() {
    return serverMessage;
  }
}
