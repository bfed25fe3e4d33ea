package io.github.devpigiteasync.devpi;

/** HTTP 413: the request body exceeds the server's or a proxy's size limit. */
public class DevpiTooLargeException extends DevpiHttpException {
  private static final long serialVersionUID = 1L;

  public DevpiTooLargeException(String method, String path, int status, String serverMessage) {
    super(method, path, status, serverMessage);
  }
}
