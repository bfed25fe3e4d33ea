package io.github.devpigiteasync.gitea;

import java.util.Locale;
import java.util.Objects;

/** The server answered with an unexpected HTTP status. */
public class GiteaHttpException extends GiteaException {
  private static final long serialVersionUID = 1L;

  private final String method;
  private final String path;
  private final int status;
  private final String serverMessage;

  public GiteaHttpException(String method, String path, int status, String serverMessage) {
    super(format(method, path, status, serverMessage));
    this.method = Objects.requireNonNull(method, "method == null");
    this.path = Objects.requireNonNull(path, "path == null");
    this.status = status;
    this.serverMessage = Objects.requireNonNull(serverMessage, "serverMessage == null");
  }

  private static String format(String method, String path, int status, String serverMessage) {
    String base = String.format(Locale.ROOT, "%s %s failed with HTTP %d", method, path, status);
    return serverMessage.isEmpty() ? base : base + ": " + serverMessage;
  }

  /** The HTTP method of the failed request. */
  public String method() {
    return method;
  }

  /** The encoded URL path of the failed request (no query string). */
  public String path() {
    return path;
  }

  /** The HTTP status code. */
  public int status() {
    return status;
  }

  /** Gitea's {@code message} (JSON errors) or the start of a plain-text body; may be empty. */
  public String serverMessage() {
    return serverMessage;
  }
}
