package io.github.devpigiteasync.devpi;

/** HTTP 409: a file of that name with different bytes already exists in a non-volatile index. */
public class DevpiConflictException extends DevpiHttpException {
  private static final long serialVersionUID = 1L;

  public DevpiConflictException(String method, String path, int status, String serverMessage) {
    super(method, path, status, serverMessage);
  }
}
